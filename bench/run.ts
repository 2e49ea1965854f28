// `npm run bench`: measures the figures each issue names and writes bench/results.md.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadBoard } from "../host-tools/src/boards/load";
import { REPO_ROOT } from "../host-tools/src/paths";
import { measureRoundTrips, measureUpload } from "./link";
import { measureMissionSpeed, measureSimStart } from "./sim";

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
  "Measured on the simulator's UART, which carries every byte in its real byte-time (one byte at",
  "115200 8N1 is 86.8 µs) each way: from the request's first byte leaving the host to the reply's",
  "last byte reaching it. The firmware answers from the UART's onReadable, which the virtual UART",
  "calls on the whole millisecond after the bytes arrive (the firmware's tick resolution). The",
  "virtual clock does not move while the firmware runs: the ESP32's own CPU time is not in it.",
  "",
  "| Command | Request bytes | Reply bytes | Round trip (ms) | Round trip (byte-times) |",
  "| ------- | ------------: | ----------: | --------------: | ----------------------: |",
);
for (const f of await measureRoundTrips(board)) {
  lines.push(
    `| ${f.command} | ${f.requestBytes} | ${f.replyBytes} | ${f.roundTripMs.toFixed(2)} | ${f.byteTimes.toFixed(0)} |`,
  );
}
const start = await measureSimStart();
const speed = await measureMissionSpeed(board);
lines.push(
  "",
  "## Simulator",
  "",
  "`farside sim` until it prints the lander's port: wall time, the median of five starts, next to",
  "`node -e 0` started the same number of times in the same run (the machine's own speed). The",
  "mission speed runs the default mission in XS as fast as the engine goes (`--speed max` paces",
  "it the same way, plus the pty).",
  "",
  "| Figure | Value | Target |",
  "| ------ | ----: | ------ |",
  `| \`farside sim\` start to port (ms) | ${start.simMs.toFixed(0)} | under 2000: ${start.simMs < 2000 ? "met" : "NOT met"} |`,
  `| \`node -e 0\` (ms) | ${start.nodeMs.toFixed(0)} | — |`,
  `| ratio | ${(start.simMs / start.nodeMs).toFixed(1)} | — |`,
  `| default mission, virtual s per wall s | ${(speed.virtualS / speed.wallS).toFixed(0)} (${speed.virtualS.toFixed(0)} s in ${speed.wallS.toFixed(2)} s) | — |`,
  "",
);
const out = path.join(REPO_ROOT, "bench/results.md");
writeFileSync(out, lines.join("\n"));
console.log(lines.join("\n"));
