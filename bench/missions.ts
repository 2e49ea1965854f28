// Mission figures on the simulator: how fast change6.yaml runs at --speed max through the
// pseudo-terminal, how late a replay's steps leave against the script, and the CLI's start.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Mode } from "../firmware/lander/status";
import { replayMission } from "../host-tools/src/cli/replay-command";
import { percentile } from "../host-tools/src/statistics";
import { LanderClient } from "../host-tools/src/link/lander-client";
import { openSerialPort } from "../host-tools/src/link/serial-port";
import { loadMission } from "../host-tools/src/mission/load";
import { REPO_ROOT } from "../host-tools/src/paths";
import { SimulatedBoard } from "../host-tools/src/sim/realtime-board";
import { onEveryXsReply } from "../host-tools/src/xs/engine";
import { lockstepSimulator, ptySimulator } from "../host-tools/src/cli/lander-link";
import { runMission } from "../host-tools/src/cli/run-command";

/**
 * Lander seconds per wall second for change6.yaml, uploaded and run through the pty at --speed
 * max, and the XS computrons the simulator spent meanwhile (its only machine is the one running).
 */
export async function measureMissionThroughPty(): Promise<{ virtualS: number; wallS: number; computrons: number }> {
  const mission = loadMission(path.join(REPO_ROOT, "missions", "change6.yaml"));
  const sim = await SimulatedBoard.start(mission.board, { speed: Infinity });
  const client = new LanderClient(await openSerialPort(sim.hostPath));
  try {
    await client.connect({ watch: false });
    await client.uploadMission(mission.bytes);
    const startSim = sim.lander.simMs;
    await client.arm();
    let computrons = 0;
    const stopCounting = onEveryXsReply((meter) => (computrons += meter.compute));
    const started = performance.now();
    try {
      await client.start();
      let done = false;
      client.on("event", () => undefined);
      while (!done) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done = sim.lander.status.mode === Mode.Complete || sim.lander.status.mode === Mode.Safe;
      }
    } finally {
      stopCounting();
    }
    return {
      virtualS: (sim.lander.simMs - startSim) / 1000,
      wallS: (performance.now() - started) / 1000,
      computrons,
    };
  } finally {
    await client.close();
    await sim.stop();
  }
}

/**
 * The same, the way `farside run --sim` flies it: in lockstep in this process, through the whole
 * run command (log, polls, heartbeats on the simulator's clock).
 */
export async function measureMissionInLockstep(): Promise<{ virtualS: number; wallS: number }> {
  const mission = loadMission(path.join(REPO_ROOT, "missions", "change6.yaml"));
  const sim = await lockstepSimulator(mission.board, { speed: Infinity });
  const dir = mkdtempSync(path.join(tmpdir(), "farside-bench-"));
  try {
    const startSim = sim.simMs();
    const started = performance.now();
    const outcome = await runMission(
      { link: sim.link, baudRate: 115200, mission, continue: false, logPath: path.join(dir, "run.jsonl"), bar: false },
      () => undefined,
    );
    if (!outcome.ok) throw new Error("change6.yaml did not complete in lockstep");
    return { virtualS: (sim.simMs() - startSim) / 1000, wallS: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.stop();
  }
}

/** How late each step of smoke.yaml leaves against its scripted time, replayed on the simulator in real time. */
export async function measureReplayTiming(): Promise<readonly number[]> {
  const mission = loadMission(path.join(REPO_ROOT, "missions", "smoke.yaml"));
  const sim = await SimulatedBoard.start(mission.board, { speed: 1 });
  const dir = mkdtempSync(path.join(tmpdir(), "farside-bench-"));
  try {
    const outcome = await replayMission(
      {
        link: ptySimulator(sim).link,
        baudRate: 115200,
        mission,
        relayDelayMs: 0,
        logPath: path.join(dir, "replay.jsonl"),
      },
      () => undefined,
    );
    return outcome.dispatchErrorsMs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.stop();
  }
}

/** `farside --help` against `node -e 0`, the median of `runs` starts of each, in one run. */
export function measureCliStart(runs = 7): { farsideMs: number; nodeMs: number } {
  const time = (args: string[]): number => {
    const started = performance.now();
    spawnSync(process.execPath, args, { stdio: "ignore" });
    return performance.now() - started;
  };
  const farside: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    farside.push(time([path.join(REPO_ROOT, "dist", "farside.js"), "--help"]));
    node.push(time(["-e", "0"]));
  }
  return { farsideMs: percentile(farside, 50), nodeMs: percentile(node, 50) };
}
