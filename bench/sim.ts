// Simulator figures: how long `farside sim` takes to offer its port (wall time, the one figure
// here that is a clock reading, so it is taken several times and given as a median next to
// `node -e 0` from the same run), and how fast it runs a mission at --speed max.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { BoardConfig } from "../firmware/board/config";
import { Mode } from "../firmware/lander/status";
import { REPO_ROOT } from "../host-tools/src/paths";
import { VirtualLander } from "../host-tools/src/sim/virtual-lander";

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Wall ms from starting `farside sim` to its printing the lander's port. */
function simStartMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "farside.js"), "sim", "--quiet"]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("lander port:")) {
        const ms = performance.now() - started;
        child.kill();
        resolve(ms);
      }
    });
    child.on("exit", (code) => reject(new Error(`farside sim exited ${code}: ${out}`)));
  });
}

export async function measureSimStart(runs = 5): Promise<{ simMs: number; nodeMs: number }> {
  const sim: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    sim.push(await simStartMs());
    const started = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    node.push(performance.now() - started);
  }
  return { simMs: median(sim), nodeMs: median(node) };
}

/** Virtual seconds of the default mission per wall second, the lander in XS as fast as it goes. */
export async function measureMissionSpeed(board: BoardConfig): Promise<{ virtualS: number; wallS: number }> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  try {
    await lander.advance(200);
    const started = performance.now();
    const startSim = lander.simMs;
    await lander.press(board.start);
    await lander.runUntil((s) => s.mode === Mode.Complete || s.mode === Mode.Safe, 10 * 60_000, 1000);
    return { virtualS: (lander.simMs - startSim) / 1000, wallS: (performance.now() - started) / 1000 };
  } finally {
    lander.close();
  }
}
