// The encoders for both directions, and the check septet every lander message ends with. Each
// writes its message's fields in the order and widths protocol/layouts.ts declares (a test holds
// them to it) and returns the frame's length; telemetry is written from the table itself.
import type { FrameWriter } from "./frame-writer";
import { SEPTETS, TELEMETRY_BODY, fieldSeptets, type WireField } from "./layouts";
import {
  LANDER_SYSEX,
  MAX_CHUNK_BYTES,
  MAX_MISSION_BYTES,
  Msg,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
  type EventKind,
  type Result,
} from "./messages";
import { writeSigned14, writeUnsigned, writeUnsigned14 } from "./septets";
import type { TelemetryFields } from "./telemetry";

/**
 * Every lander message ends with a check septet: the sum of the message's bytes from the
 * LANDER_SYSEX command byte on, modulo 128. Firmata itself has no check, and one flipped bit
 * can turn Pause (0x11) into Start (0x10): a lander that never trusts its link must not act on
 * a message that arrived damaged. A single changed bit always changes the sum.
 */
function checkSum(bytes: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += bytes[i];
  return sum & 0x7f;
}

/** Appends the check septet and ends the frame; returns its length (0 if it did not fit). */
export function seal(w: FrameWriter): number {
  // The writer's bytes are [START_SYSEX, LANDER_SYSEX, ...]: the check covers from index 1.
  return w.u7(checkSum(w.bytes, 1, w.length)).end();
}

/**
 * Whether a lander sysex as the decoder hands it over ([LANDER_SYSEX, type, fields..., check])
 * arrived whole. The length without the check is `length - 1`.
 */
export function checkIntact(sysex: Uint8Array, length: number): boolean {
  return length >= 3 && checkSum(sysex, 0, length - 1) === sysex[length - 1];
}

export function writeCommand(w: FrameWriter, type: Msg, request: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(type).u7(request));
}

/** Hello's flags: the host asks the lander to treat its silence as a lost host. */
export const HELLO_WATCH = 1;

/**
 * Opens a session. `watch`: the host drives the lander and its silence must stop it (a replay,
 * a jog); off for a host that only starts a mission and follows it, which runs on without it.
 */
export function writeHello(w: FrameWriter, request: number, watch = true): number {
  return seal(
    w
      .sysex(LANDER_SYSEX)
      .u7(Msg.Hello)
      .u7(request)
      .u7(PROTOCOL_MAJOR)
      .u7(PROTOCOL_MINOR)
      .u7(watch ? HELLO_WATCH : 0),
  );
}

export function writeTelemetryRate(w: FrameWriter, request: number, intervalMs: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.TelemetryRate).u7(request).u14(intervalMs));
}

export function writeUploadBegin(w: FrameWriter, request: number, length: number, crc: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.UploadBegin).u7(request).u21(length).u32(crc));
}

/** Largest compiled step: a pose with a 32-character name. */
export const MAX_STEP_BYTES = 48;

export function writeRunStep(w: FrameWriter, request: number, step: Uint8Array): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.RunStep).u7(request).packed(step, 0, step.length));
}

export function writeUploadChunk(
  w: FrameWriter,
  seq: number,
  chunkCrc: number,
  data: Uint8Array,
  start: number,
  end: number,
): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.UploadChunk).u14(seq).u32(chunkCrc).packed(data, start, end));
}

/** HelloReply's checkpoint field when no mission was interrupted. */
export const NO_CHECKPOINT = 0x3fff;

export interface HelloInfo {
  readonly resetReason: number;
  /** Steps an interrupted mission had finished, or NO_CHECKPOINT. */
  readonly checkpoint: number;
  /** CRC-32 of the mission stored in flash; 0 when the lander runs its built-in sequence. */
  readonly missionCrc: number;
  /** CRC-32 of the mission the checkpoint is of (0: the built-in sequence, or no checkpoint). */
  readonly checkpointCrc: number;
  readonly firmwareVersion: string;
  readonly boardId: string;
}

export function writeHelloReply(w: FrameWriter, request: number, info: HelloInfo): number {
  w.sysex(LANDER_SYSEX).u7(Msg.HelloReply).u7(request).u7(PROTOCOL_MAJOR).u7(PROTOCOL_MINOR);
  w.u7(info.resetReason).u14(info.checkpoint).u14(MAX_CHUNK_BYTES).u21(MAX_MISSION_BYTES);
  w.u32(info.missionCrc).u32(info.checkpointCrc);
  w.u7(info.firmwareVersion.length).u7(info.boardId.length).text(info.firmwareVersion).text(info.boardId);
  return seal(w);
}

export function writeAck(w: FrameWriter, request: number, command: number, result: Result): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.Ack).u7(request).u7(command).u7(result));
}

export function writeError(w: FrameWriter, result: Result, command: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.Error).u7(result).u7(command));
}

export function writeEvent(w: FrameWriter, kind: EventKind, nowMs: number, value: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.Event).u7(kind).u32(nowMs).u14(value));
}

export function writeChunkAck(w: FrameWriter, seq: number, result: Result, expected: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.ChunkAck).u14(seq).u7(result).u14(expected));
}

/** `refusal` and `detail` say why a whole upload was refused (firmware/lander/refusal.ts); None and 0 otherwise. */
export function writeUploadDone(
  w: FrameWriter,
  result: Result,
  length: number,
  crc: number,
  refusal: number,
  detail: number,
): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.UploadDone).u7(result).u21(length).u32(crc).u7(refusal).u32(detail));
}

/** Septets a telemetry body takes (the tick path checks the room for all of them at once). */
const TELEMETRY_BODY_SEPTETS = fieldSeptets(TELEMETRY_BODY);

type Values = Readonly<Record<string, number | boolean | readonly number[]>>;
/** Writes one field of the telemetry body from the record; returns the end offset. */
type PutField = (b: Uint8Array, n: number, values: Values) => number;

function putField(field: WireField): PutField {
  const name = field.name;
  const scale = field.scale ?? 1;
  const bits = field.bits;
  if (bits) {
    return (b, n, values) => {
      let flags = 0;
      for (let i = 0; i < bits.length; i++) if (values[bits[i]]) flags |= 1 << i;
      b[n] = flags;
      return n + 1;
    };
  }
  const septets = SEPTETS[field.type];
  const one =
    field.type === "u7"
      ? (b: Uint8Array, n: number, value: number) => ((b[n] = value & 0x7f), n + 1)
      : field.type === "u14"
        ? writeUnsigned14
        : field.type === "i14"
          ? writeSigned14
          : (b: Uint8Array, n: number, value: number) => writeUnsigned(b, n, value, septets);
  const count = field.count;
  if (count) {
    return (b, n, values) => {
      const list = values[name] as readonly number[];
      for (let i = 0; i < count; i++) n = one(b, n, list[i] * scale);
      return n;
    };
  }
  if (scale === 1) return (b, n, values) => one(b, n, values[name] as number);
  return (b, n, values) => one(b, n, (values[name] as number) * scale);
}

/** The telemetry body's writers, made from the layout once at load. */
const PUT_TELEMETRY: readonly PutField[] = Object.freeze((TELEMETRY_BODY as readonly WireField[]).map(putField));

/**
 * Telemetry (request < 0) or the reply to a status query (request ≥ 0), written from the layout
 * table, so a field added to TELEMETRY_BODY is sent without touching this. The lander may send it
 * every control tick: it checks the room once, writes into the buffer and allocates nothing
 * (bench/firmware.ts counts its computrons).
 */
export function writeTelemetry(w: FrameWriter, t: TelemetryFields, request = -1): number {
  w.sysex(LANDER_SYSEX);
  if (request >= 0) w.u7(Msg.Status).u7(request);
  else w.u7(Msg.Telemetry);
  if (!w.fits(TELEMETRY_BODY_SEPTETS)) return seal(w);
  const b = w.bytes;
  const values = t as unknown as Values;
  let n = w.length;
  for (let f = 0; f < PUT_TELEMETRY.length; f++) n = PUT_TELEMETRY[f](b, n, values);
  w.length = n;
  return seal(w);
}
