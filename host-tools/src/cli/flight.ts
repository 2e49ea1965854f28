// What the commands that fly a mission (or only watch a lander) share: how they name the lander
// and its link, the simulator they start with --sim, the check that a mission is for the
// lander's board, the run log's first and last lines, the dashboard beside a flight and the
// report after it. Declared once here so every command says them the same way.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { version as FARSIDE_VERSION } from "../../../package.json";
import type { BoardConfig } from "../../../firmware/board/config";
import { Mode } from "../../../firmware/lander/status";
import { loadBoard } from "../boards/load";
import { Dashboard } from "../dashboard/server";
import { sleep } from "../link/host-clock";
import { LinkLostError, type LanderClient, type LanderInfo } from "../link/lander-client";
import type { CheckedMission } from "../mission/load";
import type { EndLine } from "../runlog/format";
import { RunLogWriter } from "../runlog/writer";
import type { LockstepOptions } from "../sim/lockstep-simulator";
import { UserError } from "../errors";
import type { Telemetry } from "../link/lander-decode";
import { watchInterrupt } from "./interrupt";
import {
  IN_PROCESS,
  lockstepSimulator,
  openClient,
  serialLink,
  type LanderLink,
  type StartedSimulator,
} from "./lander-link";
import { modeLabel, phaseLabel, resetLabel } from "../labels";
import { pickPortWhenAbsent } from "./port-option";

/** How often a flight asks for telemetry: run and replay log at one rate, so their reports compare. */
export const FLIGHT_TELEMETRY_MS = 200;

/** The values `addLinkOptions` declares, as commander hands them to a command's action. */
export interface LinkOptionValues {
  readonly port?: string;
  readonly sim?: boolean;
  /** With --sim, where the spec offers it: the simulator on a pty (watch-simulator.ts). */
  readonly pty?: boolean;
  readonly baud: string;
}

export interface LinkOptionSpec {
  /** What --sim does in this command; without it the command has no --sim. */
  readonly sim?: string;
  /** The simulator's settings the command takes with --sim; a replay keeps real time, so it has no --speed. */
  readonly simSettings?: readonly ("speed" | "seed")[];
  /** Help for --pty: the simulator --sim starts on a pseudo-terminal instead of in this process. */
  readonly pty?: string;
}

const PORT_OPTION = [
  "-p, --port <path>",
  "serial port of the lander, or tcp://127.0.0.1:PORT (default: the one USB serial adapter plugged in)",
] as const;

/** The board a mission is checked against, in every command that takes a mission file and a lander. */
export const MISSION_BOARD_OPTION = [
  "-b, --board <id>",
  "board to check the mission against (default: the file's)",
] as const;

/**
 * Declares how a command reaches the lander. The help lists where the lander is first and the
 * link's settings last, so the command's own options, added by `ownOptions`, go between them.
 */
export function addLinkOptions(
  command: Command,
  spec: LinkOptionSpec,
  ownOptions: (command: Command) => Command = (same) => same,
): Command {
  command.option(...PORT_OPTION);
  if (spec.sim !== undefined) command.option("--sim", spec.sim);
  if (spec.pty !== undefined) command.option("--pty", spec.pty);
  pickPortWhenAbsent(command, { sim: spec.sim !== undefined });
  ownOptions(command);
  if (spec.simSettings?.includes("speed"))
    command.option("--speed <n|max>", "with --sim: virtual time per real time", "max");
  if (spec.simSettings?.includes("seed")) command.option("--seed <n>", "with --sim: the simulator's seed", "1");
  return command.option("--baud <rate>", "link baud rate", "115200");
}

export function requireOneLander(options: { port?: string; sim?: boolean }): void {
  if (options.port && options.sim) throw new UserError("give --port PATH or --sim, not both");
  if (!options.port && !options.sim) throw new UserError("give --port PATH or --sim (one of them)");
}

export function parseBaud(text: string): number {
  const rate = Number(text);
  if (!Number.isInteger(rate) || rate <= 0) throw new UserError(`--baud must be a positive integer, not ${text}`);
  return rate;
}

/** Checks --port/--sim and --baud the way every such command takes them; returns the baud rate. */
export function checkLinkOptions(options: LinkOptionValues): number {
  requireOneLander(options);
  return parseBaud(options.baud);
}

/**
 * Runs `use` on the lander at `port`, or on a simulated one `startSim` starts for it. The
 * simulator is stopped however `use` ends, or its XS engine (and socat) would outlive the command.
 */
export async function withLander<T>(
  port: string | undefined,
  startSim: (() => Promise<StartedSimulator>) | undefined,
  use: (link: LanderLink) => Promise<T>,
): Promise<T> {
  const sim = startSim ? await startSim() : undefined;
  try {
    return await use(sim ? sim.link : serialLink(port ?? ""));
  } finally {
    await sim?.stop();
  }
}

/**
 * The simulator run and replay fly on with --sim: in this process, in lockstep with the
 * flight, so the log is the same at any --speed. Announced, since the user asked for it.
 */
export async function startFlightSimulator(
  board: BoardConfig,
  settings: LockstepOptions & { readonly seed: number },
  print: (line: string) => void,
): Promise<StartedSimulator> {
  const sim = await lockstepSimulator(board, settings);
  const pace = settings.speed === undefined || settings.speed === Infinity ? "max" : `${settings.speed}x`;
  print(`farside sim: ${board.name}, ${IN_PROCESS}, seed ${settings.seed}, speed ${pace}`);
  return sim;
}

/** What every command that flies a mission opens: its log, its client, and a watch on Ctrl-C. */
export interface Flight {
  readonly log: RunLogWriter;
  readonly client: LanderClient;
  /** Ctrl-C was pressed: the command aborts the lander before it exits. */
  interrupted(): boolean;
  /** Resolves at the first Ctrl-C (or SIGTERM). */
  readonly stopped: Promise<unknown>;
  /** Stops watching Ctrl-C and closes the log (the client is the caller's to close). */
  release(): void;
}

export async function openFlight(logPath: string, link: LanderLink, baudRate: number): Promise<Flight> {
  mkdirSync(path.dirname(logPath), { recursive: true });
  const log = new RunLogWriter(logPath);
  const client = await openClient(link, baudRate);
  const interrupt = watchInterrupt();
  return {
    log,
    client,
    interrupted: () => interrupt.signal() !== undefined,
    stopped: interrupt.stopped,
    release: () => {
      interrupt.release();
      log.close();
    },
  };
}

/** How long a lander may take to get safe after an abort: the safe-state procedure takes seconds. */
const SAFE_WITHIN_MS = 60_000;
const SAFE_POLL_MS = 100;

/**
 * Ctrl-C's abort: the lander is told to get safe, and farside waits until it says it is (by its own
 * clock), so "lander safe" is a fact, not a hope. Logged as a command like the others, in a flight
 * (the console has no log).
 */
export async function abortToSafe(client: LanderClient, log?: RunLogWriter): Promise<Telemetry> {
  try {
    await client.abort();
    log?.write({ type: "command", command: "abort", result: "ok" });
  } catch (error) {
    log?.write({ type: "command", command: "abort", result: (error as Error).message });
    throw error;
  }
  let s = await client.status();
  const until = s.nowMs + SAFE_WITHIN_MS;
  while (s.mode === Mode.Safing || s.mode === Mode.Running || s.mode === Mode.Paused) {
    if (s.nowMs > until)
      throw new UserError(`the lander did not get safe within ${SAFE_WITHIN_MS / 1000} s of the abort`);
    await sleep(client.clock, SAFE_POLL_MS);
    s = await client.status();
  }
  return s;
}

/**
 * What a flight that failed leaves in its log: a link that went away mid-run ends the log with
 * outcome "lost" (the lander may fly on: the log says only that this host stopped hearing it),
 * and the error names the log. Anything else propagates as it is.
 */
export function endLostFlight(log: RunLogWriter, error: unknown): unknown {
  if (!(error instanceof LinkLostError) || !log.started || log.ended) return error;
  writeEndLine(log, "lost");
  return new UserError(`${error.message}; ${describeLog(log)}`);
}

/** The one line Ctrl-C leaves on screen once the lander is safe and the log is whole. */
export function describeInterrupted(log: RunLogWriter): string {
  return `aborted: lander safe; ${describeLog(log)}`;
}

/**
 * A host that finds the lander flying leaves it alone: another host (or the start button) set
 * it going, and stopping or disarming it is not this command's to do. Asked before any session
 * opens, so even the Hello does not touch it.
 */
export async function refuseIfBusy(client: LanderClient, port: string): Promise<void> {
  const s = await client.status();
  if (s.mode === Mode.Running || s.mode === Mode.Paused) {
    throw new UserError(
      `the lander is already flying (${modeLabel(s.mode)}, ${phaseLabel(s.phase)} at step ${s.step}): leave it be, or watch it with farside monitor --port ${port}`,
    );
  }
  if (s.mode === Mode.Safing) {
    throw new UserError(`the lander is still getting safe: try again once it is (farside status --port ${port})`);
  }
}

/**
 * A mission is compiled for one board's pins and limits. Checked before anything is sent, so
 * the user learns which --board to use instead of what flying another board's mission does.
 */
export function refuseOtherBoard(mission: CheckedMission, info: LanderInfo): void {
  if (mission.board.id !== info.boardId) {
    throw new UserError(
      `${mission.path} was checked for ${mission.board.id} but the lander is ${info.boardId}: use --board ${info.boardId}`,
    );
  }
}

/** `runs/<date>-<mission>.jsonl` in the current folder. */
export function defaultLogPath(missionName: string, now = new Date()): string {
  const slug =
    missionName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "mission";
  const stamp = now.toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return path.join("runs", `${stamp}-${slug}.jsonl`);
}

/** The log's first line: what flew, on which lander, how, and which farside (its package.json version) wrote it. */
export function writeStartLine(
  log: RunLogWriter,
  info: LanderInfo,
  flight: { readonly mission: string; readonly port: string; readonly how: string },
): void {
  log.write({
    type: "start",
    mission: flight.mission,
    board: info.boardId,
    port: flight.port,
    how: flight.how,
    farside: FARSIDE_VERSION,
    started: new Date().toISOString(),
    lastReset: resetLabel(info.resetReason),
  });
}

/** The log's last line: the report calls a log without one cut short. */
export function writeEndLine(log: RunLogWriter, outcome: EndLine["outcome"], fault?: string): void {
  log.write({ type: "end", outcome, ...(fault ? { fault } : {}) });
}

export function describeLog(log: RunLogWriter): string {
  return `log: ${log.path} (${log.lines} lines)`;
}

/**
 * `--ui` after the flight: the page stays up (the lander live, the run's end on it) until
 * Ctrl-C, which here only closes the page, so the exit status still says how the flight went.
 * An in-process simulator goes on in real time meanwhile.
 */
export async function keepServing(
  dashboard: Dashboard | undefined,
  flight: Flight,
  link: LanderLink,
  print: (line: string) => void,
): Promise<void> {
  if (!dashboard || flight.interrupted()) return;
  link.realTime?.();
  print(`dashboard: still serving ${dashboard.url} (Ctrl-C to stop)`);
  const status = process.exitCode;
  await flight.stopped;
  process.exitCode = status;
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

/**
 * `--ui`: the dashboard beside a flight, on the flight's own client, for as long as the caller
 * keeps it open. Without a mission file it shows the board the lander says it is.
 */
export async function attachDashboard(
  port: number | undefined,
  flight: {
    readonly client: LanderClient;
    readonly info: LanderInfo;
    readonly mission?: CheckedMission;
    /** The link flown on: on a simulator, the dashboard draws its regolith layers. */
    readonly link: LanderLink;
  },
  print: (line: string) => void,
): Promise<Dashboard | undefined> {
  if (port === undefined) return undefined;
  const compiled = flight.mission?.compiled;
  const dashboard = await Dashboard.start({
    client: flight.client,
    board: flight.mission?.board ?? loadBoard(flight.info.boardId),
    port,
    layers: flight.link.world ? (await flight.link.world()).layers : [],
    mission: compiled
      ? {
          name: compiled.mission.name,
          steps: compiled.mission.steps.length,
          estimateMs: compiled.estimateMs,
          markers: compiled.markers,
        }
      : undefined,
  });
  print(`dashboard: ${dashboard.url}`);
  return dashboard;
}
