// The run log: one JSON object per line, written as things happen, so a crash loses at most the
// line being written. `farside report` turns one into an HTML report.
import type { Telemetry } from "../link/lander-decode";

/** Every line has the host's milliseconds since the run started. */
interface Line {
  readonly t: number;
}

export interface StartLine extends Line {
  readonly type: "start";
  readonly mission: string;
  readonly board: string;
  readonly port: string;
  /** "upload+run" (a mission sent, then run), "run" (the mission already on board), "replay". */
  readonly how: string;
  readonly farside: string;
  /** Wall-clock time the run started, ISO 8601. */
  readonly started: string;
  /** Why the lander last started its firmware, as it said at the handshake (brownout before a --continue). */
  readonly lastReset?: string;
}

export interface TelemetryLine extends Line {
  readonly type: "telemetry";
  readonly lander: Omit<Telemetry, "kind">;
}

export interface EventLine extends Line {
  readonly type: "event";
  /** mode, phase, step, fault, reset, marker, armed (value 1) or disarmed (0). */
  readonly event: string;
  readonly value: number;
  /** The value's name where it has one (a phase, mode or fault name). */
  readonly name?: string;
  /** The lander's own ticks when it happened. */
  readonly landerMs: number;
}

export interface CommandLine extends Line {
  readonly type: "command";
  readonly command: string;
  readonly result: string;
}

/** The simulator's physical model, when the run is on the simulator. */
export interface WorldLine extends Line {
  readonly type: "world";
  readonly containerG: number;
  readonly spilledG: number;
  readonly coreMm: number;
  readonly scoops: number;
  readonly supplyVolts: number;
}

export interface EndLine extends Line {
  readonly type: "end";
  /** "detached": `run --detach` handed the mission to the lander; the log ends at its start. */
  readonly outcome: "complete" | "fault" | "aborted" | "interrupted" | "lost" | "detached";
  readonly fault?: string;
}

export type LogLine = StartLine | TelemetryLine | EventLine | CommandLine | WorldLine | EndLine;
