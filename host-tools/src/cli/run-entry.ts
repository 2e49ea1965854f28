import { existsSync } from "node:fs";
import path from "node:path";
import { loadBoard } from "../boards/load";
import { DEFAULT_BOARD, loadMission } from "../mission/load";
import { writeReport } from "../run-report";
import { SimulatedBoard } from "../sim/realtime-board";
import { UserError } from "./errors";
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
}

/** `farside run` from its options: the port or a simulator, the mission, the log and the report. */
export async function runCommand(
  options: RunCommandOptions,
  print = (line: string) => console.log(line),
): Promise<boolean> {
  if (!options.port === !options.sim) throw new UserError("give --port PATH or --sim (one of them)");
  const baudRate = Number(options.baud);
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    throw new UserError(`--baud must be a positive integer, not ${options.baud}`);
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
        bar: process.stdout.isTTY === true,
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
