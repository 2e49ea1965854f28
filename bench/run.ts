// `npm run bench`: measures the figures the issues name, writes bench/results.md (a table of
// figure, value, budget, pass or fail, then the details) and exits non-zero if a budget is missed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  crc32,
  MAX_CHUNK_BYTES,
  writeUploadBegin,
  writeUploadChunk,
  FrameWriter,
  MAX_FRAME_BYTES,
  writeHello,
} from "../firmware/protocol/codec";
import { loadBoard } from "../host-tools/src/boards/load";
import { loadMission } from "../host-tools/src/mission/load";
import { REPO_ROOT } from "../host-tools/src/paths";
import type { VirtualLander } from "../host-tools/src/sim/virtual-lander";
import { measureHeapGrowth, measureLiveSlots, measureTickCosts } from "./firmware";
import { measureRoundTrips, measureUpload } from "./link";
import { measureCliStart, measureMissionThroughPty, measureReplayTiming } from "./missions";
import { measureSimStart } from "./sim";
import { percentile } from "../host-tools/src/statistics";

interface Row {
  readonly figure: string;
  readonly value: string;
  readonly budget: string;
  /** undefined: reported, no budget. */
  readonly pass: boolean | undefined;
}

const board = loadBoard("esp32-devkitc");
const rows: Row[] = [];
const details: string[] = [];
const row = (figure: string, value: string, budget = "—", pass?: boolean): void => {
  rows.push({ figure, value, budget, pass });
};

// Simulator speed.
const speed = await measureMissionThroughPty();
const ratio = speed.virtualS / speed.wallS;
row(
  "simulator speed, change6.yaml at --speed max (lander s per wall s)",
  `${ratio.toFixed(0)} (${speed.virtualS.toFixed(0)} s in ${speed.wallS.toFixed(2)} s)`,
  "≥ 300",
  ratio >= 300,
);
const start = await measureSimStart();
row("farside sim start to port (ms)", start.simMs.toFixed(0), "< 2000", start.simMs < 2000);

// Firmware tick and memory.
const ticks = await measureTickCosts(board);
const worst = ticks.reduce((a, b) => (b.computronsPerTick > a.computronsPerTick ? b : a));
row(`control tick, worst phase (${worst.phase}), XS computrons`, worst.computronsPerTick.toFixed(0));
details.push("## Control tick cost by phase", "", "| Phase | Computrons per tick |", "| ----- | ------------------: |");
for (const t of ticks) details.push(`| ${t.phase} | ${t.computronsPerTick.toFixed(0)} |`);
details.push("");
const growth = await measureHeapGrowth(board);
row(
  "heap slots grown over 1,000 steady-state ticks",
  String(growth.after - growth.before),
  "0",
  growth.after === growth.before,
);
const change6 = loadMission(path.join(REPO_ROOT, "missions", "change6.yaml"));
const upload = async (lander: VirtualLander): Promise<void> => {
  const w = new FrameWriter(MAX_FRAME_BYTES);
  const send = async (length: number): Promise<void> => {
    await lander.sendSerial(Array.from(w.bytes.subarray(0, length)));
    await lander.advance(lander.wireMs(length + MAX_FRAME_BYTES) + 2);
  };
  await send(writeHello(w, 1, false));
  const bytes = change6.bytes;
  await send(writeUploadBegin(w, 2, bytes.length, crc32(bytes)));
  for (let seq = 0; seq * MAX_CHUNK_BYTES < bytes.length; seq++) {
    const s = seq * MAX_CHUNK_BYTES;
    const e = Math.min(s + MAX_CHUNK_BYTES, bytes.length);
    await send(writeUploadChunk(w, seq, crc32(bytes, s, e), bytes, s, e));
  }
};
const slots = await measureLiveSlots(board, upload);
const half = slots.heapInitial / 2;
row("live heap slots after boot", `${slots.afterBoot} of ${slots.heapInitial}`, `< ${half}`, slots.afterBoot < half);
row(
  "live heap slots with change6.yaml loaded",
  `${slots.withMission} of ${slots.heapInitial}`,
  `< ${half}`,
  slots.withMission < half,
);
row("chunk bytes in use", "not metered by xsnap (see README)");

// Link.
let worstEfficiency = 1;
details.push(
  "## Mission upload",
  "",
  "| Mission bytes | Host → lander bytes | Lander → host bytes | Efficiency |",
  "| ---: | ---: | ---: | ---: |",
);
for (const payload of [1024, 4096, 8192]) {
  const f = await measureUpload(board, payload);
  const efficiency = f.payload / f.hostToLander;
  worstEfficiency = Math.min(worstEfficiency, efficiency);
  details.push(`| ${f.payload} | ${f.hostToLander} | ${f.landerToHost} | ${efficiency.toFixed(3)} |`);
}
details.push("");
row(
  "mission upload payload efficiency (worst of 1, 4, 8 KiB)",
  worstEfficiency.toFixed(3),
  "≥ 0.80",
  worstEfficiency >= 0.8,
);
details.push(
  "## Command-to-ack round trips at 115200 baud",
  "",
  "From the request's first byte leaving the host to the reply's last byte reaching it, on the simulator's",
  "UART, which carries each byte in its real byte-time; the ESP32's own CPU time is not in it.",
  "",
  "| Command | Request bytes | Reply bytes | Round trip (ms) | Byte-times |",
  "| --- | ---: | ---: | ---: | ---: |",
);
for (const f of await measureRoundTrips(board)) {
  details.push(
    `| ${f.command} | ${f.requestBytes} | ${f.replyBytes} | ${f.roundTripMs.toFixed(2)} | ${f.byteTimes.toFixed(0)} |`,
  );
  if (f.command === "heartbeat")
    row("command-to-ack round trip, heartbeat (byte-times at 115200)", f.byteTimes.toFixed(0));
}
details.push("");

// Replay and CLI.
const replay = await measureReplayTiming();
row("replay step dispatch error, median (ms)", percentile(replay, 50).toFixed(1));
row("replay step dispatch error, 99th percentile (ms)", percentile(replay, 99).toFixed(1));
const cli = measureCliStart();
const cliRatio = cli.farsideMs / cli.nodeMs;
row(
  "farside --help wall time / node -e 0",
  `${cliRatio.toFixed(2)} (${cli.farsideMs.toFixed(0)} ms / ${cli.nodeMs.toFixed(0)} ms)`,
  "≤ 2.5",
  cliRatio <= 2.5,
);

const missed = rows.filter((r) => r.pass === false);
const lines = [
  "# Benchmark results",
  "",
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}. Counts (computrons,`,
  "heap slots, bytes, lander milliseconds) come from the firmware in XS and do not drift with the",
  "machine's load; the wall-clock figures are medians or ratios taken in one run. All are measured",
  "on the simulator; see the README for measuring on a board.",
  "",
  "| Figure | Value | Budget | Result |",
  "| ------ | ----: | ------ | ------ |",
  ...rows.map(
    (r) =>
      `| ${r.figure} | ${r.value} | ${r.budget} | ${r.pass === undefined ? "reported" : r.pass ? "pass" : "**FAIL**"} |`,
  ),
  "",
  missed.length === 0 ? "Every budget is met." : `${missed.length} budget${missed.length === 1 ? "" : "s"} missed.`,
  "",
  ...details,
];
writeFileSync(path.join(REPO_ROOT, "bench/results.md"), lines.join("\n"));
console.log(lines.join("\n"));
process.exitCode = missed.length > 0 ? 1 : 0;
