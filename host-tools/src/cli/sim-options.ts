// Parsing of `farside sim` options: each bad value is a UserError naming the option.
import type { ScheduledFault } from "../sim/fault-schedule";
import { SERVO_NAMES, type ServoName } from "../sim/protocol";
import { UserError } from "../errors";
import { LOOPBACK_HOSTS } from "../link/tcp-serve";

/** `--speed`: a positive multiple of real time, or "max". */
export function parseSpeed(text: string): number {
  if (text === "max") return Infinity;
  const speed = Number(text);
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new UserError(`--speed must be a positive number or "max", not ${JSON.stringify(text)}`);
  return speed;
}

export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UserError(`--seed must be a whole number from 0 to 4294967295, not ${JSON.stringify(text)}`);
  return seed;
}

/** A probability for --drop and --corrupt. */
export function parseOdds(option: string, text: string): number {
  const odds = Number(text);
  if (!(odds >= 0 && odds < 1)) throw new UserError(`${option} must be a probability from 0 to below 1, not ${text}`);
  return odds;
}

export function parseVolts(text: string): number {
  const volts = Number(text);
  if (!(volts >= 3 && volts <= 12.6))
    throw new UserError(`--battery must be between 3 and 12.6 volts, not ${JSON.stringify(text)}`);
  return volts;
}

const SIMPLE_FAULTS = ["stall", "brownout", "reset", "disconnect", "reconnect"] as const;

/**
 * `--fault KIND[@SECONDS]`: jam:<servo>, stall, brownout, reset, disconnect or reconnect, at
 * that many seconds of simulation time (0 when no time is given).
 */
export function parseFault(text: string): ScheduledFault {
  const [what = "", when, extra] = text.split("@");
  const bad = (why: string): UserError => new UserError(`--fault ${JSON.stringify(text)}: ${why}`);
  if (extra !== undefined) throw bad("give one @SECONDS at most");
  const seconds = when === undefined ? 0 : Number(when);
  if (!(seconds >= 0) || !Number.isFinite(seconds) || when === "") throw bad(`${when} is not a time in seconds`);
  const atMs = Math.round(seconds * 1000);
  if (what.startsWith("jam:")) {
    const servo = what.slice(4);
    if (!(SERVO_NAMES as readonly string[]).includes(servo))
      throw bad(`unknown servo ${JSON.stringify(servo)} (one of ${SERVO_NAMES.join(", ")})`);
    return { atMs, kind: "jam", servo: servo as ServoName };
  }
  const kind = SIMPLE_FAULTS.find((name) => name === what);
  if (!kind) throw bad(`unknown fault ${JSON.stringify(what)} (jam:<servo>, ${SIMPLE_FAULTS.join(", ")})`);
  return { atMs, kind };
}

/**
 * `--tcp [HOST:]PORT`: where `farside sim` serves its link. Only a loopback host: the link has no
 * authentication, and anyone who reaches it can arm the lander.
 */
export function parseTcpListen(text: string): { host: string; port: number } {
  const match = /^(?:(\[[^\]]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !(port >= 0 && port <= 65535))
    throw new UserError(`--tcp takes a port from 1 to 65535 (0: any free one), or 127.0.0.1:PORT, not ${text}`);
  const host = (match[1] ?? "127.0.0.1").replace(/^\[|\]$/g, "");
  if (!LOOPBACK_HOSTS.includes(host))
    throw new UserError(`--tcp ${text}: the link has no password, so it binds only to 127.0.0.1, not ${host}`);
  return { host, port };
}
