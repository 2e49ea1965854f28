// What a watcher attached to another farside's port may send the lander. The port's holder flies
// it (its session, its mission, its arming), so a watcher is read-only: it sees everything and
// may always stop the lander, since stops stop, but it moves nothing. A watcher that attached
// with `drive` may arm; once its own Arm is acknowledged its commands pass too, until the lander
// disarms. The session stays the holder's: a watcher's Hello, Heartbeat, TelemetryRate and
// Goodbye are answered by the holder and never reach the lander, so no watcher changes the
// holder's watch mode, its telemetry rate, or ends its session.
import { Msg } from "../../../firmware/protocol/codec";
import {
  ANALOG_MAPPING_QUERY,
  CAPABILITY_QUERY,
  EXTENDED_ANALOG,
  PIN_STATE_QUERY,
  REPORT_FIRMWARE,
  REPORT_VERSION,
  SYSTEM_RESET,
} from "../../../firmware/protocol/firmata";
import type { Piece } from "./frame-splitter";
import { frameIntact, frameType } from "./request-ids";

export interface WatcherState {
  /** Attached with the explicit wish to drive: it may send Arm. */
  readonly drive: boolean;
  /** Its own Arm was acknowledged and the lander has not disarmed since. */
  armed: boolean;
}

export type Verdict =
  /** To the lander (a request id remapped). */
  | { readonly act: "forward" }
  /** Answered by the holder from the session it holds. */
  | { readonly act: "hello" | "ack" | "version" }
  | { readonly act: "refuse"; readonly what: string }
  /** Dropped without an answer: damaged, or nothing the lander would answer either. */
  | { readonly act: "drop" };

/** Stops pass from anyone, always: EStop, Abort, Pause and Disarm (SYSTEM_RESET is a stop too). */
const STOPS = new Set<number>([Msg.EStop, Msg.Abort, Msg.Pause, Msg.Disarm]);
/** Commands that set the lander moving: only a watcher that armed it itself may send them. */
const MOTION = new Set<number>([Msg.Start, Msg.Resume, Msg.Continue, Msg.RunStep]);
/** The holder's session, answered in its name. */
const SESSION = new Set<number>([Msg.Goodbye, Msg.Heartbeat, Msg.TelemetryRate]);
/** Firmata questions that change nothing; their answers go to every client, as the lander's do. */
const QUERIES = new Set<number>([CAPABILITY_QUERY, ANALOG_MAPPING_QUERY, PIN_STATE_QUERY, REPORT_FIRMWARE]);

const FORWARD: Verdict = { act: "forward" };
const DROP: Verdict = { act: "drop" };

export function judge(piece: Piece, watcher: WatcherState): Verdict {
  const moving = (what: string): Verdict => (watcher.armed ? FORWARD : { act: "refuse", what });
  if (piece.kind === "raw") return DROP;
  const first = piece.bytes[0];
  if (piece.kind === "plain") {
    if (first === SYSTEM_RESET) return FORWARD;
    if (first === REPORT_VERSION) return { act: "version" };
    // Servo and LED writes, pin modes and report switches: pins are the holder's.
    return moving("a pin write");
  }
  const type = frameType(piece.bytes);
  if (type < 0) {
    const command = piece.bytes[1];
    if (QUERIES.has(command)) return FORWARD;
    return command === EXTENDED_ANALOG ? moving("a servo write") : DROP;
  }
  if (!frameIntact(piece.bytes)) return DROP;
  if (type === Msg.Hello) return { act: "hello" };
  if (SESSION.has(type)) return { act: "ack" };
  if (type === Msg.StatusQuery || STOPS.has(type)) return FORWARD;
  if (type === Msg.Arm) return watcher.drive ? FORWARD : { act: "refuse", what: "arm" };
  if (MOTION.has(type)) return moving("motion");
  if (type === Msg.UploadBegin || type === Msg.UploadChunk) return { act: "refuse", what: "an upload" };
  return DROP;
}

/** The one line a refused watcher is sent (as a Firmata string, ahead of its Ack). */
export function refusalText(holder: string, watcher: WatcherState, what: string): string {
  const how =
    what === "an upload"
      ? "uploads are the holder's"
      : watcher.drive
        ? "send Arm from this watcher first"
        : "attach with --drive and arm to drive it";
  return `${holder} holds this port, ${what} refused: a watcher may only stop the lander (EStop, Abort, Pause, Disarm); ${how}`;
}
