import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { loadBoard } from "../../boards/load";
import { DEFAULT_BOARD, loadMission } from "../../mission/load";
import { UserError } from "../../errors";
import {
  addLinkOptions,
  checkLinkOptions,
  defaultLogPath,
  MISSION_BOARD_OPTION,
  startFlightSimulator,
  uiPort,
  withLander,
  type LinkOptionValues,
} from "../flight";
import { PROGRESS_OPTION, wantsBar } from "../mission-progress";
import { runMission } from "../run-command";
import { parseSeed, parseSpeed } from "../sim-options";
import { checkReportOption } from "../flight-report";

interface RunOptionValues extends LinkOptionValues {
  readonly mission?: string;
  readonly board?: string;
  readonly continue?: boolean;
  readonly log?: string;
  readonly report?: string | boolean;
  readonly speed: string;
  readonly seed: string;
  /** "bar" or "lines"; by default a bar on a terminal. */
  readonly progress?: string;
  /** Serve the dashboard: true for any free port, or a port number. */
  readonly ui?: string | boolean;
  readonly detach?: boolean;
}

/**
 * `farside run` from its options: the lander or a simulator, the mission, the log and the
 * report. Resolves with whether the mission completed.
 */
async function run(options: RunOptionValues, print: (line: string) => void): Promise<boolean> {
  const baudRate = checkLinkOptions(options);
  if (options.detach && options.sim)
    throw new UserError("--detach needs --port: the simulator --sim starts ends with this command");
  if (options.detach && (options.report !== undefined || options.ui !== undefined))
    throw new UserError("--detach leaves the flight to the lander: --report and --ui need farside to follow it");
  const bar = wantsBar(options.progress);
  const mission = options.mission ? loadMission(options.mission, options.board) : undefined;
  const logPath = options.log ?? defaultLogPath(mission?.compiled.mission.name ?? "run");
  checkReportOption(options.report, logPath);
  if (options.log && !existsSync(path.dirname(path.resolve(options.log))))
    throw new UserError(`--log ${options.log}: folder ${path.dirname(options.log)} does not exist`);
  const startSim = options.sim
    ? () =>
        startFlightSimulator(
          mission?.board ?? loadBoard(options.board ?? DEFAULT_BOARD),
          { speed: parseSpeed(options.speed), seed: parseSeed(options.seed) },
          print,
        )
    : undefined;
  return withLander(options.port, startSim, async (link) => {
    const outcome = await runMission(
      {
        link,
        baudRate,
        mission,
        continue: options.continue === true,
        logPath,
        report: options.report,
        bar,
        ui: uiPort(options.ui),
        detach: options.detach === true,
      },
      print,
    );
    return outcome.ok;
  });
}

export function register(program: Command): void {
  addLinkOptions(
    program
      .command("run")
      .description("run a mission to the end, logging it; the lander finishes it even if this host goes away"),
    { sim: "start the simulated lander and run on it", simSettings: ["speed", "seed"] },
    (command) =>
      command
        .option("-m, --mission <file>", "upload this mission file first (checked like farside validate)")
        .option(...MISSION_BOARD_OPTION)
        .option("--continue", "continue an interrupted mission from the lander's checkpoint")
        .option("--log <file>", "where to write the run log (default: runs/<time>-<mission>.jsonl)")
        .option("--report [file]", "write the HTML report when the run ends (default: next to the log)")
        .option(...PROGRESS_OPTION)
        .option("--ui [port]", "also serve the dashboard on 127.0.0.1 while the mission runs")
        .option("--detach", "upload, arm and start, then exit: the lander flies the mission on its own"),
  ).action(async (options: RunOptionValues) => {
    // A Ctrl-C has set its own exit status (130) already.
    if (!(await run(options, (line) => console.log(line)))) process.exitCode ??= 1;
  });
}
