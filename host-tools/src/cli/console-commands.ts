// The commands `farside console` takes at its prompt, declared once: `help` and the line an
// unknown command gets are both read from this table, so neither can list a command that is
// not there or miss one that is.
import { JOINT_NAMES, type BoardConfig } from "../../../firmware/board/config";
import { LinkLostError, type LanderClient } from "../link/lander-client";
import { UserError } from "../errors";
import { RefusedError } from "../link/client-errors";
import { statusLine } from "./lander-lines";

/** How often telemetry comes once it is on: a line a second, as monitor shows it. */
export const CONSOLE_TELEMETRY_MS = 1000;

export interface ConsoleSession {
  readonly client: LanderClient;
  /** The lander's board file, for a jog's pin and limits: refused in one line if farside has none by that name. */
  readonly board: () => BoardConfig;
  readonly print: (line: string) => void;
  /** The console armed the lander: it leaves it safe and disarmed when it quits. */
  armedHere: boolean;
  /** Telemetry's status lines are printed (`telemetry on`). */
  showTelemetry: boolean;
  /**
   * A string from the link not printed yet: held a moment, because the one that says why a
   * command was refused arrives just before its Ack and is printed with the refusal instead.
   */
  heldString?: { readonly text: string; readonly timer: ReturnType<typeof setTimeout> };
}

interface ConsoleCommand {
  readonly name: string;
  /** Its arguments as `help` shows them. */
  readonly args?: string;
  readonly help: string;
  readonly run: (session: ConsoleSession, args: readonly string[]) => Promise<void>;
  /** The console ends once it has run. */
  readonly quits?: true;
}

/** A command with no arguments that the lander acknowledges: "ok" once it has. */
function acknowledged(
  name: string,
  help: string,
  send: (client: LanderClient) => Promise<void>,
  after?: (session: ConsoleSession) => void,
): ConsoleCommand {
  return {
    name,
    help,
    run: async (session) => {
      await send(session.client);
      after?.(session);
      session.print(`${name}: ok`);
    },
  };
}

/** "90", "90deg" or "90°" as degrees. */
function parseAngle(text: string | undefined): number {
  const angle = Number((text ?? "").replace(/(deg|°)$/, ""));
  if (text === undefined || text === "" || !Number.isFinite(angle))
    throw new UserError(`jog wants an angle in degrees, not ${JSON.stringify(text ?? "")} (jog shoulder 90)`);
  return angle;
}

async function jog(session: ConsoleSession, args: readonly string[]): Promise<void> {
  const joint = JOINT_NAMES.find((name) => name === args[0]);
  if (!joint) throw new UserError(`jog which joint? one of ${JOINT_NAMES.join(", ")} (jog shoulder 90)`);
  const asked = parseAngle(args[1]);
  const limits = session.board().joints[joint];
  // The lander clamps too; like the dashboard, the console never asks past the limits, and says so.
  const angle = Math.min(limits.maxAngle, Math.max(limits.minAngle, asked));
  await session.client.moveServo(limits.pin, angle);
  const clamped = angle === asked ? "" : ` (its limit; asked ${asked}°)`;
  // Not acknowledged: a lander that refuses says why in a string, which the console prints.
  session.print(`jog: ${joint} to ${angle}°${clamped} sent`);
}

export const CONSOLE_COMMANDS: readonly ConsoleCommand[] = [
  acknowledged(
    "arm",
    "allow motion (jogs, start); the console disarms it again when it quits",
    (client) => client.arm(),
    (session) => (session.armedHere = true),
  ),
  acknowledged("disarm", "forbid motion again (a running mission stops)", (client) => client.disarm()),
  {
    name: "jog",
    args: "JOINT DEG",
    help: `move one joint (${JOINT_NAMES.join(", ")}) to an angle, inside its limits`,
    run: jog,
  },
  acknowledged("estop", "emergency stop: everything stops and the lander disarms", (client) => client.estop()),
  acknowledged("start", "start the mission the lander holds", (client) => client.start()),
  acknowledged("pause", "pause the running mission", (client) => client.pause()),
  acknowledged("resume", "resume a paused mission", (client) => client.resume()),
  acknowledged("abort", "stop the mission and make the lander safe", (client) => client.abort()),
  {
    name: "status",
    help: "the lander's status now",
    run: async (session) => session.print(statusLine(await session.client.status())),
  },
  {
    name: "telemetry",
    args: "on|off",
    help: `a status line every ${CONSOLE_TELEMETRY_MS / 1000} s, or none`,
    run: async (session, [onOff]) => {
      if (onOff !== "on" && onOff !== "off") throw new UserError("telemetry on, or telemetry off");
      await session.client.setTelemetry(onOff === "on" ? CONSOLE_TELEMETRY_MS : 0);
      session.showTelemetry = onOff === "on";
      session.print(`telemetry: ${onOff}`);
    },
  },
  { name: "help", help: "this list", run: async (session) => printHelp(session.print) },
  { name: "quit", help: "leave (Ctrl-C and Ctrl-D too)", run: () => Promise.resolve(), quits: true },
];

const usage = (command: ConsoleCommand): string => (command.args ? `${command.name} ${command.args}` : command.name);

function printHelp(print: (line: string) => void): void {
  const width = Math.max(...CONSOLE_COMMANDS.map((command) => usage(command).length));
  for (const command of CONSOLE_COMMANDS) print(`  ${usage(command).padEnd(width)}  ${command.help}`);
}

/**
 * Runs one typed line. A refusal or a bad argument is one line and the console goes on; a
 * lost link propagates, since nothing more can be asked.
 */
export async function runConsoleLine(session: ConsoleSession, line: string): Promise<"quit" | "go on"> {
  const [name, ...args] = line.trim().split(/\s+/);
  if (!name) return "go on";
  const command = CONSOLE_COMMANDS.find((candidate) => candidate.name === name.toLowerCase());
  if (!command) {
    session.print(`unknown command ${JSON.stringify(name)}: ${CONSOLE_COMMANDS.map(usage).join(", ")}`);
    return "go on";
  }
  try {
    await command.run(session, args);
  } catch (error) {
    if (error instanceof LinkLostError || !(error instanceof UserError)) throw error;
    // The refusal's own line says what the held string says: print it once.
    const held = session.heldString;
    if (error instanceof RefusedError && held && error.why === held.text) {
      clearTimeout(held.timer);
      session.heldString = undefined;
    }
    session.print(error.message);
  }
  return command.quits ? "quit" : "go on";
}
