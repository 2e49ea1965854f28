// What the dashboard remembers of the lander: the recent telemetry, events and notes, each on
// one lander-time axis, so a tab opened mid-run is sent the run so far before the live stream,
// and the phases to shade behind its charts, found as the run report finds them.
import type { LanderMessage, Telemetry } from "../link/lander-decode";
import { phaseSpans, type PhaseSpan } from "../run-report/phases";
import { landerTimes } from "../run-report/lander-time";
import { eventLine } from "../runlog/event";
import type { LogLine } from "../runlog/format";
import { MissionTime } from "../runlog/mission-time";
import { telemetryLine } from "../runlog/telemetry";

type LanderEvent = Extract<LanderMessage, { kind: "event" }>;

/**
 * Lines kept: 5 minutes of telemetry at the dashboard's 100 ms, as many as a tab plots. Past it
 * the oldest telemetry goes first; events (a few a step) go only once nothing else is left.
 */
export const HISTORY_LINES = 3000;

/** One message of the event stream, as sent and as kept. */
export interface StreamMessage {
  readonly kind: "telemetry" | "event" | "note";
  /** The message's body, `at` in it: its lander time in seconds on the dashboard's one axis. */
  readonly data: { readonly at: number } & Record<string, unknown>;
}

interface Kept {
  readonly message: StreamMessage;
  /** As the run log would hold it, for the report's phase logic; notes have none. */
  readonly line?: LogLine;
}

export class RecentHistory {
  private readonly kept: Kept[] = [];
  /** The lander's clock made one count that never goes back (runlog/mission-time.ts). */
  private readonly clock = new MissionTime();
  private lastS = 0;

  constructor(
    /** The mission's marker names, so a marker event reads as the mission calls it. */
    private readonly markers: readonly string[] = [],
    private readonly hostMs: () => number = () => performance.now(),
  ) {}

  telemetry(t: Telemetry): StreamMessage {
    const at = this.at(t.nowMs);
    const line = { t: this.hostMs(), ...telemetryLine(t) };
    return this.keep({ kind: "telemetry", data: { ...line.lander, at } }, line);
  }

  event(e: LanderEvent): StreamMessage {
    const at = this.at(e.nowMs);
    const line = { t: this.hostMs(), ...eventLine(e, this.markers) };
    const data = { event: e.event, value: e.value, nowMs: e.nowMs, at, ...(line.name ? { name: line.name } : {}) };
    return this.keep({ kind: "event", data }, line);
  }

  /** Text the lander printed: stamped with the lander time last seen, as it has none of its own. */
  note(text: string): StreamMessage {
    return this.keep({ kind: "note", data: { text, at: this.lastS } });
  }

  /** Everything kept, oldest first. */
  messages(): StreamMessage[] {
    return this.kept.map((k) => k.message);
  }

  /**
   * The phases in what is kept, by the run report's rule (run-report/phases.ts), moved onto the
   * dashboard's axis: the report counts from the mission's start, the dashboard the lander's
   * clock itself, and over the lines kept the two differ by one constant.
   */
  phases(): PhaseSpan[] {
    const logged = this.kept.flatMap((k) => (k.line ? [{ at: k.message.data.at, line: k.line }] : []));
    const lines = logged.map((k) => k.line);
    const times = landerTimes(lines);
    // Every kept line carries the lander's clock, so any one gives the difference.
    const first = logged[0];
    const shift = first === undefined ? 0 : first.at - (times.atS[0] ?? first.at);
    return phaseSpans(lines, times).map((span) => ({
      name: span.name,
      startS: span.startS + shift,
      endS: span.endS + shift,
    }));
  }

  private at(landerMs: number): number {
    this.lastS = this.clock.continuous(landerMs) / 1000;
    return this.lastS;
  }

  private keep(message: StreamMessage, line?: LogLine): StreamMessage {
    this.kept.push({ message, line });
    if (this.kept.length > HISTORY_LINES) {
      const oldest = this.kept.findIndex((k) => k.message.kind !== "event");
      this.kept.splice(oldest < 0 ? 0 : oldest, 1);
    }
    return message;
  }
}
