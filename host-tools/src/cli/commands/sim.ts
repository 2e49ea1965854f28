import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { watchInterrupt } from "../interrupt";
import type { BoardConfig } from "../../../../firmware/board/config";
import { describeFault, type ScheduledFault } from "../../sim/fault-schedule";
import type { SimEvent } from "../../sim/protocol";
import { DEFAULT_BOARD } from "../../mission/load";
import { SimulatedBoard } from "../../sim/realtime-board";
import { loadNamedBoard } from "../board-option";
import { UserError } from "../../errors";
import { parseFault, parseOdds, parseSeed, parseSpeed, parseTcpListen, parseVolts } from "../sim-options";
import { chipResetLabel, clock, faultLabel, modeLabel, phaseLabel } from "../../labels";
import { Dashboard } from "../../dashboard/server";
import { SimulatorFeed } from "../../dashboard/sim-feed";
import { uiPort } from "../flight";

interface SimSettings {
  readonly link?: string;
  /** Serve the link on this loopback TCP address instead of a pty (no socat). */
  readonly tcp?: { readonly host: string; readonly port: number };
  readonly speed: number;
  readonly seed: number;
  readonly batteryVolts?: number;
  readonly drop: number;
  readonly corrupt: number;
  readonly faults: readonly ScheduledFault[];
  /** Print only the port, not the lander's events (phases, faults, resets) as they happen. */
  readonly quiet: boolean;
  /** Serve the watch-only dashboard on this local port (0: any free one). */
  readonly ui?: number;
}

function describeEvent(event: SimEvent): string | undefined {
  switch (event.type) {
    case "mode":
      return `mode ${modeLabel(event.value)}`;
    case "phase":
      return `phase ${phaseLabel(event.value)}`;
    case "fault":
      return `FAULT ${faultLabel(event.value)}`;
    case "reset":
      return `RESET (${chipResetLabel(event.value)})`;
    case "boot":
      return `firmware booted (${chipResetLabel(event.value)})`;
    case "mission":
      return `mission received, ${event.value} bytes`;
    case "armed":
      return event.value === 1 ? "armed" : "disarmed";
    case "marker":
      return `marker ${event.value}`;
    case "crash":
      return "CRASH: an exception escaped the firmware; the chip restarts";
    case "step":
      return undefined;
  }
}

/**
 * `farside sim`: the lander firmware in XS on a simulated model, behind a real pseudo-terminal
 * that any serial program can open (or a loopback TCP port). Runs until Ctrl-C (or SIGTERM).
 */
async function runSim(board: BoardConfig, options: SimSettings, print: (line: string) => void): Promise<void> {
  if (options.tcp && options.link !== undefined)
    throw new UserError("--link names a pty's path and --tcp serves no pty: give one of them");
  const link = options.link === undefined ? undefined : path.resolve(options.link);
  if (link && !existsSync(path.dirname(link)))
    throw new UserError(`--link ${options.link}: folder ${path.dirname(link)} does not exist`);
  const sim = await SimulatedBoard.start(board, {
    link,
    tcp: options.tcp,
    speed: options.speed,
    seed: options.seed,
    batteryVolts: options.batteryVolts,
    faults: options.faults,
  });
  if (options.drop > 0 || options.corrupt > 0) await sim.lander.linkFaults(options.drop, options.corrupt);
  const speed =
    options.speed === Infinity
      ? "as fast as it goes"
      : options.speed === 1
        ? "real time"
        : `${options.speed}× real time`;
  // Quiet: the port line alone (and the dashboard's URL, if asked for), for scripts that read it.
  if (!options.quiet) print(`farside sim: ${board.name} (${board.id}), seed ${options.seed}, ${speed}`);
  print(options.tcp ? `lander at ${sim.hostPath}` : `lander port: ${sim.hostPath}  (${board.link.baud} baud)`);
  if (!options.quiet) {
    print(`try: farside status --port ${sim.hostPath}   or   farside run --port ${sim.hostPath}`);
    sim.onEvent((event) => {
      const line = describeEvent(event);
      if (line) print(`${clock(sim.lander.simMs)}  ${line}`);
    });
    sim.onFault((fault) => print(`${clock(sim.lander.simMs)}  injected: ${describeFault(fault)}`));
  }
  // The page watches from inside the simulator: the pty stays free for the program that drives it.
  const feed = options.ui === undefined ? undefined : new SimulatorFeed(sim);
  const dashboard = feed
    ? await Dashboard.start({ watch: feed, board, port: options.ui, layers: (await sim.lander.world()).layers })
    : undefined;
  if (dashboard) print(`dashboard (watch-only): ${dashboard.url}`);
  const interrupt = watchInterrupt();
  try {
    await new Promise<void>((resolve, reject) => {
      void interrupt.stopped.then(() => sim.stop()).then(resolve, reject);
      sim.onStop((error) => (error ? reject(error) : resolve()));
    });
  } finally {
    interrupt.release();
    feed?.stop();
    await dashboard?.close();
  }
  if (!options.quiet) print("farside sim: stopped");
}

/** The options as commander hands them over, before they are parsed. */
interface SimOptionValues {
  readonly board: string;
  readonly link?: string;
  readonly tcp?: string;
  readonly speed: string;
  readonly seed: string;
  readonly battery?: string;
  readonly drop: string;
  readonly corrupt: string;
  readonly fault: ScheduledFault[];
  readonly quiet?: boolean;
  readonly ui?: string | boolean;
}

export function register(program: Command): void {
  program
    .command("sim")
    .description("run the lander firmware in XS on a simulated model, behind a serial port (a pty) any tool can open")
    .option("-b, --board <id>", "board file to simulate", DEFAULT_BOARD)
    .option("--link <path>", "also make the lander's port available at this stable path (a symlink)")
    .option(
      "--tcp <[host:]port>",
      "serve the link on 127.0.0.1:PORT (0: any free one; one client at a time) instead of a pty: no socat",
    )
    .option("--speed <n|max>", "virtual time per real time: 1 for demos, max for tests", "1")
    .option("--seed <n>", "seeds the regolith layers, sample masses and link faults", "1")
    .option("--battery <volts>", "battery open-circuit voltage (7.6 is a charged 2S LiPo)")
    .option("--drop <p>", "odds of each link byte being lost", "0")
    .option("--corrupt <p>", "odds of each link byte having a bit flipped", "0")
    .option(
      "--fault <kind@s>",
      "inject a fault at a simulation time: jam:<servo>, stall, brownout, reset, disconnect, reconnect (repeatable)",
      (value: string, previous: ScheduledFault[]) => [...previous, parseFault(value)],
      [] as ScheduledFault[],
    )
    .option("-q, --quiet", "print only the port's line (and --ui's URL), not the header or the lander's events")
    .option(
      "--ui [port]",
      "also serve the dashboard on 127.0.0.1, watch-only: it shows the model while another program drives it",
    )
    .action(async (options: SimOptionValues) => {
      await runSim(
        loadNamedBoard(options.board),
        {
          link: options.link,
          tcp: options.tcp === undefined ? undefined : parseTcpListen(options.tcp),
          speed: parseSpeed(options.speed),
          seed: parseSeed(options.seed),
          batteryVolts: options.battery === undefined ? undefined : parseVolts(options.battery),
          drop: parseOdds("--drop", options.drop),
          corrupt: parseOdds("--corrupt", options.corrupt),
          faults: options.fault,
          quiet: options.quiet === true,
          ui: uiPort(options.ui),
        },
        (line) => console.log(line),
      );
    });
}
