import type { Command } from "commander";
import { loadMission } from "../../mission/load";
import { parseQuantity } from "../../mission/quantity";
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
import { replayMission } from "../replay-command";
import { parseSeed, parseSpeed } from "../sim-options";
import { checkReportOption } from "../flight-report";

interface ReplayOptionValues extends LinkOptionValues {
  readonly board?: string;
  readonly relayDelay: string;
  /** Serve the dashboard: true for any free port, or a port number. */
  readonly ui?: string | boolean;
  readonly log?: string;
  readonly report?: string | boolean;
  readonly speed: string;
  readonly seed: string;
  /** "bar" or "lines"; by default a bar on a terminal. */
  readonly progress?: string;
}

/** The lander faults after 1.5 s without hearing from a host that drives it step by step. */
const MAX_RELAY_DELAY_MS = 1400;

/**
 * `farside replay` from its options: the lander or a simulator, the relay delay, the log and
 * the report. Resolves with whether the replay completed.
 */
async function replay(file: string, options: ReplayOptionValues, print: (line: string) => void): Promise<boolean> {
  const baudRate = checkLinkOptions(options);
  const bar = wantsBar(options.progress);
  const relay = parseQuantity(options.relayDelay, "duration");
  if (typeof relay === "string") throw new UserError(`--relay-delay: ${relay}`);
  if (relay > MAX_RELAY_DELAY_MS)
    throw new UserError(`--relay-delay ${options.relayDelay}: at most 1.4s, or the lander stops for a lost host`);
  const mission = loadMission(file, options.board);
  const logPath = options.log ?? defaultLogPath(`${mission.compiled.mission.name} replay`);
  checkReportOption(options.report, logPath);
  // The host keeps the mission's time on the simulator's clock, so a replay runs at any speed.
  const startSim = options.sim
    ? () =>
        startFlightSimulator(mission.board, { speed: parseSpeed(options.speed), seed: parseSeed(options.seed) }, print)
    : undefined;
  return withLander(options.port, startSim, async (link) => {
    const outcome = await replayMission(
      { link, baudRate, mission, relayDelayMs: relay, logPath, report: options.report, bar, ui: uiPort(options.ui) },
      print,
    );
    return outcome.ok;
  });
}

export function register(program: Command): void {
  addLinkOptions(
    program
      .command("replay")
      .description(
        "send a mission's steps at their scripted times, the host keeping time (optionally through a relay delay)",
      )
      .argument("<file>", "mission file (YAML or JSON)"),
    { sim: "start the simulated lander and replay on it", simSettings: ["speed", "seed"] },
    (command) =>
      command
        .option(...MISSION_BOARD_OPTION)
        .option(
          "--relay-delay <duration>",
          "delay every command, as a relay satellite would (Queqiao-2), e.g. 1.3s",
          "0s",
        )
        .option("--ui [port]", "also serve the dashboard on 127.0.0.1 during the replay")
        .option("--log <file>", "where to write the run log (default: runs/<time>-<mission>-replay.jsonl)")
        .option("--report [file]", "write the HTML report when the replay ends")
        .option(...PROGRESS_OPTION),
  ).action(async (file: string, options: ReplayOptionValues) => {
    // A Ctrl-C has set its own exit status (130) already.
    if (!(await replay(file, options, (line) => console.log(line)))) process.exitCode ??= 1;
  });
}
