// Simulator figures: how long `farside sim` takes to offer its port (wall time, the one figure
// here that is a clock reading, so it is taken several times and given as a median next to
// `node -e 0` from the same run). The mission speed is measured in bench/missions.ts.
import { spawn, spawnSync } from "node:child_process";
import { percentile } from "../host-tools/src/statistics";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../host-tools/src/paths";

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
  return { simMs: percentile(sim, 50), nodeMs: percentile(node, 50) };
}
