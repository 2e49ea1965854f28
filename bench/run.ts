// `npm run bench`: measures the figures each issue names and writes bench/results.md.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadBoard } from "../host-tools/src/boards/load";
import { REPO_ROOT } from "../host-tools/src/paths";
import { measureRoundTrips, measureUpload } from "./link";

const board = loadBoard("esp32-devkitc");
const lines: string[] = [
  "# Benchmark results",
  "",
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}. Every figure is a`,
  "count (bytes, virtual milliseconds) from the firmware running in XS, so it does not drift with",
  "the machine's load.",
  "",
  "## Link: mission upload efficiency",
  "",
  "Mission bytes per byte on the wire, 256-byte chunks. Firmata's 7-bit data bytes cap it at 7/8",
  "(0.875); the target is at least 0.80 host to lander.",
  "",
  "| Mission bytes | Host → lander bytes | Lander → host bytes | Efficiency (host → lander) | Efficiency (both ways) |",
  "| ------------: | ------------------: | ------------------: | -------------------------: | ---------------------: |",
];
let worst = 1;
for (const payload of [1024, 4096, 8192]) {
  const f = await measureUpload(board, payload);
  const oneWay = f.payload / f.hostToLander;
  worst = Math.min(worst, oneWay);
  lines.push(
    `| ${f.payload} | ${f.hostToLander} | ${f.landerToHost} | ${oneWay.toFixed(3)} | ${(f.payload / (f.hostToLander + f.landerToHost)).toFixed(3)} |`,
  );
}
lines.push(
  "",
  `Worst host → lander efficiency: **${worst.toFixed(3)}** (target ≥ 0.80: ${worst >= 0.8 ? "met" : "NOT met"}).`,
);

lines.push(
  "",
  "## Link: command-to-ack round trip at 115200 baud",
  "",
  "In byte-times (one byte at 115200 8N1 is 86.8 µs): the request's bytes, plus the firmware's",
  "time from the request's last byte to its reply's first byte (virtual ms × 11.52), plus the",
  "reply's bytes. The lander answers from its UART's onReadable, not from its 20 ms control tick:",
  "a reply that waited for a tick would show up to 20 ms here. The virtual clock does not move while",
  "the firmware runs, so this is scheduling delay, not CPU time (the ESP32's own is not measured here).",
  "",
  "| Command | Request bytes | Reply bytes | Firmware time (ms) | Round trip (byte-times) | Round trip (ms) |",
  "| ------- | ------------: | ----------: | -----------------: | ----------------------: | --------------: |",
);
for (const f of await measureRoundTrips(board)) {
  lines.push(
    `| ${f.command} | ${f.requestBytes} | ${f.replyBytes} | ${f.firmwareMs} | ${f.byteTimes.toFixed(0)} | ${(f.byteTimes / 11.52).toFixed(2)} |`,
  );
}
lines.push("");
const out = path.join(REPO_ROOT, "bench/results.md");
writeFileSync(out, lines.join("\n"));
console.log(lines.join("\n"));
