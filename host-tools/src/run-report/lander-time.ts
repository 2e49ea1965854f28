// The report's one clock is the lander's: every time it shows is seconds on the lander's own
// clock (telemetry's nowMs, events' landerMs) from the mission's start. The host's `t` is when a
// line reached the log; at --speed max the simulated lander runs many times faster than the
// host's clock, so `t` measures the host, not the mission.
import { Mode } from "../../../firmware/lander/status";
import type { LogLine } from "../runlog/format";
import { MissionTime } from "../runlog/mission-time";

export interface LanderTimes {
  /** Each line's time in seconds from the mission's start; undefined in a log with no lander time. */
  readonly atS: readonly (number | undefined)[];
  /**
   * The mission's end: the lander's last move into complete or safe, or a reset that stopped it
   * running; else the log's last lander time.
   */
  readonly endS: number;
  /** The log's first and last lander times (the lander idle before its start is before 0). */
  readonly firstS: number;
  readonly lastS: number;
  /** Where the axis carries on after each reset of the lander's clock. */
  readonly resetsS: readonly number[];
  /** Whether the log shows the mission starting (a mode change to running); if not, 0 is the first lander time. */
  readonly started: boolean;
}

/** The lander's own clock reading on a line, if it carries one (replay's host-side markers say -1). */
function landerMs(line: LogLine): number | undefined {
  if (line.type === "telemetry") return line.lander.nowMs;
  if (line.type === "event" && line.landerMs >= 0) return line.landerMs;
  return undefined;
}

/** The lander's clock made one continuous axis (runlog/mission-time.ts), line by line. */
function continuousMs(lines: readonly LogLine[]): { ms: (number | undefined)[]; resetsMs: number[] } {
  const clock = new MissionTime();
  const ms = lines.map((line) => {
    const raw = landerMs(line);
    return raw === undefined ? undefined : clock.continuous(raw);
  });
  return { ms, resetsMs: clock.resetsMs };
}

/**
 * Lines without a lander clock (a replay's markers, which the host keeps) are placed between
 * their neighbours that have one, in proportion to when they reached the log.
 */
function fillByHostTime(lines: readonly LogLine[], ms: readonly (number | undefined)[]): (number | undefined)[] {
  interface Known {
    readonly t: number;
    readonly ms: number;
  }
  // The nearest line with a lander time on each side of every line.
  const known = lines.map((line, i): Known | undefined => {
    const value = ms[i];
    return value === undefined ? undefined : { t: line.t, ms: value };
  });
  const before: (Known | undefined)[] = [];
  const after: (Known | undefined)[] = [];
  for (let i = 0, last: Known | undefined; i < known.length; i++) before.push((last = known[i] ?? last));
  for (let i = known.length - 1, next: Known | undefined; i >= 0; i--) after[i] = next = known[i] ?? next;
  return lines.map((line, i) => {
    const [b, a] = [before[i], after[i]];
    if (b === undefined || a === undefined) return (b ?? a)?.ms;
    const share = a.t > b.t ? Math.min(1, Math.max(0, (line.t - b.t) / (a.t - b.t))) : 0;
    return b.ms + share * (a.ms - b.ms);
  });
}

const isMode = (line: LogLine, ...modes: Mode[]): boolean =>
  line.type === "event" && line.event === "mode" && modes.includes(line.value as Mode);

export function landerTimes(lines: readonly LogLine[]): LanderTimes {
  const { ms: raw, resetsMs } = continuousMs(lines);
  const ms = fillByHostTime(lines, raw);
  const defined = ms.filter((value): value is number => value !== undefined);
  const startIndex = lines.findIndex((line) => isMode(line, Mode.Running));
  const originMs = (startIndex >= 0 ? ms[startIndex] : defined[0]) ?? 0;
  const s = (value: number): number => (value - originMs) / 1000;
  const firstS = s(defined[0] ?? originMs);
  const lastS = s(defined.at(-1) ?? originMs);
  // In a replay the lander completes after every step: the mission ends at the last completion
  // that no step followed. A lander that reset while running wakes up safe without saying so
  // (the mission interrupted): it ended at the reset. One still running when its log stops ends
  // where the log does.
  const modes = lines.flatMap((line, i) =>
    isMode(line, Mode.Running, Mode.Complete, Mode.Safe) ? [{ running: isMode(line, Mode.Running), ms: ms[i] }] : [],
  );
  const lastMode = modes.at(-1);
  const resetAfter = resetsMs.find((reset) => lastMode?.ms !== undefined && reset >= lastMode.ms);
  const endMs = !lastMode || lastMode.ms === undefined ? undefined : lastMode.running ? resetAfter : lastMode.ms;
  return {
    atS: ms.map((value) => (value === undefined ? undefined : s(value))),
    endS: endMs === undefined ? lastS : s(endMs),
    firstS,
    lastS,
    resetsS: resetsMs.map(s),
    started: startIndex >= 0,
  };
}
