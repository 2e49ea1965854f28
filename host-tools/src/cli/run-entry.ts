import { existsSync } from "node:fs";
import path from "node:path";
import { loadBoard } from "../boards/load";
import { DEFAULT_BOARD, loadMission } from "../mission/load";
import { writeReport } from "../run-report";
import { SimulatedBoard } from "../sim/realtime-board";
import { UserError } from "./errors";
import { parseQuantity } from "../mission/quantity";
import { replayMission } from "./replay-command";
import { linkOptions } from "./flight";
import { wantsBar } from "./mission-progress";
import { defaultLogPath, runMission } from "./run-command";
import { parseSeed, parseSpeed } from "./sim-options";

export interface RunCommandOptions {
  readonly port?: string;
  readonly sim?: boolean;
  readonly mission?: string;
  readonly board?: string;
  readonly continue?: boolean;
  readonly log?: string;
  readonly report?: string | boolean;
  readonly speed: string;
  readonly seed: string;
  readonly baud: string;
  /** "bar" or "lines"; by default a bar on a terminal. */
  readonly progress?: string;
  /** Serve the dashboard: true for any free port, or a port number. */
  readonly ui?: string | boolean;
}

/** `--ui [port]` (or the dashboard's `--listen`): undefined for no dashboard, 0 for any free port. */
export function uiPort(ui: string | boolean | undefined, option = "--ui"): number | undefined {
  if (ui === undefined || ui === false) return undefined;
  if (ui === true) return 0;
  const port = Number(ui);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UserError(`${option} takes a port from 1 to 65535, not ${ui}`);
  return port;
}

/** `farside run` from its options: the port or a simulator, the mission, the log and the report. */
export async function runCommand(
  options: RunCommandOptions,
  print = (line: string) => console.log(line),
): Promise<boolean> {
  const baudRate = linkOptions(options);
  const bar = wantsBar(options.progress);
  const mission = options.mission ? loadMission(options.mission, options.board) : undefined;
  const logPath = options.log ?? defaultLogPath(mission?.compiled.mission.name ?? "run");
  if (options.log && !existsSync(path.dirname(path.resolve(options.log))))
    throw new UserError(`--log ${options.log}: folder ${path.dirname(options.log)} does not exist`);
  let sim: SimulatedBoard | undefined;
  if (options.sim) {
    const board = mission?.board ?? loadBoard(options.board ?? DEFAULT_BOARD);
    sim = await SimulatedBoard.start(board, { speed: parseSpeed(options.speed), seed: parseSeed(options.seed) });
    print(`farside sim: ${board.name} on ${sim.hostPath}`);
  }
  try {
    const outcome = await runMission(
      {
        port: sim ? sim.hostPath : (options.port ?? ""),
        baudRate,
        mission,
        continue: options.continue === true,
        logPath,
        sim,
        bar,
        ui: uiPort(options.ui),
      },
      print,
    );
    if (options.report !== undefined && options.report !== false) {
      const out =
        typeof options.report === "string" ? options.report : outcome.logPath.replace(/\.jsonl$/, "") + ".html";
      const { summary, outPath } = writeReport(outcome.logPath, out);
      print(`report: ${outPath} (${summary})`);
    }
    return outcome.ok;
  } finally {
    await sim?.stop();
  }
}

export interface ReplayCommandOptions {
  readonly port?: string;
  readonly sim?: boolean;
  readonly board?: string;
  readonly relayDelay: string;
  readonly ui?: string | boolean;
  readonly log?: string;
  readonly report?: string | boolean;
  readonly seed: string;
  readonly baud: string;
  /** "bar" or "lines"; by default a bar on a terminal. */
  readonly progress?: string;
}

/** `farside replay`: the mission's steps sent at their scripted times, optionally through a relay's delay. */
export async function replayCommand(
  file: string,
  options: ReplayCommandOptions,
  print = (line: string) => console.log(line),
): Promise<boolean> {
  const baudRate = linkOptions(options);
  const bar = wantsBar(options.progress);
  const relay = parseQuantity(options.relayDelay, "duration");
  if (typeof relay === "string") throw new UserError(`--relay-delay: ${relay}`);
  // The lander faults after 1.5 s without hearing from a host that drives it step by step.
  if (relay > 1400)
    throw new UserError(`--relay-delay ${options.relayDelay}: at most 1.4s, or the lander stops for a lost host`);
  const mission = loadMission(file, options.board);
  const logPath = options.log ?? defaultLogPath(`${mission.compiled.mission.name} replay`);
  let sim: SimulatedBoard | undefined;
  if (options.sim) {
    // The host keeps the time, so the simulator runs in real time.
    sim = await SimulatedBoard.start(mission.board, { speed: 1, seed: parseSeed(options.seed) });
    print(`farside sim: ${mission.board.name} on ${sim.hostPath}`);
  }
  try {
    const outcome = await replayMission(
      {
        port: sim ? sim.hostPath : (options.port ?? ""),
        baudRate,
        mission,
        relayDelayMs: relay,
        logPath,
        bar,
        ui: uiPort(options.ui),
      },
      print,
    );
    if (options.report !== undefined && options.report !== false) {
      const out = typeof options.report === "string" ? options.report : `${logPath.replace(/\.jsonl$/, "")}.html`;
      print(`report: ${writeReport(logPath, out).outPath}`);
    }
    return outcome.ok;
  } finally {
    await sim?.stop();
  }
}
