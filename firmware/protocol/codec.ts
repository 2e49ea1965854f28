// The lander's extension of Firmata, carried in sysex: message types, byte layouts and the
// encoders and decoders for both directions. The firmware (in XS) and the host tools (in Node)
// import this one module; docs/protocol.md describes the same layouts for people.
import type { FrameWriter } from "./frame-writer";
import {
  readSigned14,
  readUnsigned,
  unpackBytes,
  unpackedLength,
  writeSigned14,
  writeUnsigned,
  writeUnsigned14,
} from "./septets";

export { FrameDecoder, Drop, type FrameHandler } from "./frame-decoder";
export { FrameWriter } from "./frame-writer";
export { crc32 } from "./crc32";

/** Sysex command of every lander message (Firmata leaves 0x01-0x0F to user-defined features). */
export const LANDER_SYSEX = 0x0f;

/** A host may talk to a lander whose major version equals its own. */
export const PROTOCOL_MAJOR = 4;
export const PROTOCOL_MINOR = 0;

/**
 * Largest mission chunk in bytes. Its frame is 58 bytes, so the two a host may have in flight
 * (lander-client's window) and a heartbeat fit in the UART's 128-byte RX FIFO together: an
 * upload cannot overflow it however long the lander's thread is busy, since on the ESP32 the
 * FIFO is all the receive buffering there is (docs/fidelity.md).
 */
export const MAX_CHUNK_BYTES = 40;
/** Upload chunks a host may have in flight before the first is acknowledged (see MAX_CHUNK_BYTES). */
export const MAX_CHUNKS_IN_FLIGHT = 2;
/** Largest mission the lander keeps, in bytes. */
export const MAX_MISSION_BYTES = 8192;
/** Largest lander message, framing included. */
export const MAX_FRAME_BYTES = 320;

export const enum Msg {
  // Host to lander.
  Hello = 0x01,
  Goodbye = 0x02,
  Heartbeat = 0x03,
  StatusQuery = 0x04,
  TelemetryRate = 0x05,
  Start = 0x10,
  Pause = 0x11,
  Resume = 0x12,
  Abort = 0x13,
  EStop = 0x14,
  /** Run the interrupted mission again from its checkpoint's phase. */
  Continue = 0x15,
  /** Run one compiled step now (farside replay, host-timed); needs a watched session. */
  RunStep = 0x16,
  /**
   * Allow motion: servo writes, Start, Resume, Continue, RunStep. Needs no session, so a plain
   * Firmata client can send it (docs/protocol.md gives its bytes). Refused while e-stop is held or
   * the lander is getting safe; clears a commanded e-stop.
   */
  Arm = 0x17,
  /** Forbid motion again; a running mission is aborted to the safe state. */
  Disarm = 0x18,
  UploadBegin = 0x20,
  UploadChunk = 0x21,
  // Lander to host.
  HelloReply = 0x40,
  Ack = 0x41,
  Status = 0x42,
  Telemetry = 0x43,
  Event = 0x44,
  ChunkAck = 0x45,
  UploadDone = 0x46,
  Error = 0x47,
}

/** Outcome codes in Ack, ChunkAck, UploadDone and Error. Never renumber. */
export const enum Result {
  Ok = 0,
  /** The lander's state does not allow it now (e.g. start while e-stop is tripped). */
  Refused = 1,
  /** The message is malformed: wrong length or values out of range. */
  BadRequest = 2,
  /** An unknown message type or sysex command. */
  Unsupported = 3,
  BadCrc = 4,
  OutOfOrder = 5,
  TooLarge = 6,
  NoUpload = 7,
  Incompatible = 8,
  /** A command that needs a host session (Hello) arrived without one. */
  NoSession = 9,
  /** A motion command reached a lander that is not armed. */
  NotArmed = 10,
}

export const RESULT_NAMES: readonly string[] = Object.freeze([
  "ok",
  "refused",
  "bad request",
  "unsupported",
  "bad CRC",
  "out of order",
  "too large",
  "no upload in progress",
  "incompatible protocol",
  "no session",
  "not armed (arm it first)",
]);

export const enum EventKind {
  ModeChanged = 1,
  PhaseEntered = 2,
  StepDone = 3,
  Fault = 4,
  Reset = 5,
  /** A mission's marker step was reached; value is the marker's number. */
  Marker = 6,
  /** Value 1: armed; 0: disarmed. */
  Armed = 7,
}

/** Why the lander (re)started its firmware state, reported in HelloReply and a Reset event. */
export const enum ResetReason {
  PowerOn = 0,
  /** A Firmata SYSTEM_RESET from the host. */
  SystemReset = 1,
  /** The supply sagged below the chip's brownout threshold (a stalled motor on a tired battery). */
  Brownout = 2,
  Watchdog = 3,
  Panic = 4,
  Software = 5,
  /** The board's EN / RESET button. */
  External = 6,
  Unknown = 7,
}

export const RESET_REASON_NAMES: readonly string[] = Object.freeze([
  "power-on",
  "system-reset",
  "brownout",
  "watchdog",
  "panic",
  "software",
  "reset-button",
  "unknown",
]);

// Offsets inside a lander sysex as the decoder hands it over: [LANDER_SYSEX, type, fields...].
const TYPE = 1;
const FIELDS = 2;

/** Telemetry as numbers; LanderStatus has this shape, and so does what the host decodes. */
export interface TelemetryFields {
  nowMs: number;
  mode: number;
  phase: number;
  step: number;
  fault: number;
  readonly joints: number[];
  depthMm: number;
  rpm: number;
  loadAmps: number;
  batteryVolts: number;
  lid: number;
  flag: number;
  ascender: boolean;
  estop: boolean;
  hostLink: boolean;
  /** Motion commands are obeyed (Msg.Arm); false after boot, e-stop, fault, lost host, disarm. */
  armed: boolean;
  overruns: number;
  clamped: number;
  /** The longest control tick since boot, whole ms (protocol 3.1; 0 from a 3.0 lander). */
  longestTickMs: number;
}

/** Septets in a telemetry body: time 5, mode, phase, step 2, fault, joints 4×2, 5 values ×2, lid 2, flag 2, flags, 2×2. */
export const TELEMETRY_BODY_BYTES = 5 + 1 + 1 + 2 + 1 + 8 + 2 + 2 + 2 + 2 + 2 + 1 + 2 + 2;

// ---- Integrity ----

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

// ---- Encoders (each ends the frame and returns its length) ----

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

/** Unpacks a RunStep's step into `target`; returns its byte count (at most the target's length). */
export function stepData(sysex: Uint8Array, length: number, target: Uint8Array): number {
  return unpackBytes(sysex, FIELDS + 1, length, target, 0, target.length);
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
  w.u7(info.firmwareVersion.length).text(info.firmwareVersion).text(info.boardId);
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

export function writeUploadDone(w: FrameWriter, result: Result, length: number, crc: number): number {
  return seal(w.sysex(LANDER_SYSEX).u7(Msg.UploadDone).u7(result).u21(length).u32(crc));
}

/** Septets a telemetry body takes as writeTelemetry writes it (protocol 3.1). */
const TELEMETRY_BODY_WRITTEN = 5 + 1 + 1 + 2 + 1 + 4 * 2 + 4 * 2 + 2 * 2 + 1 + 3 * 2;

/**
 * Telemetry (request < 0) or the reply to a status query (request ≥ 0). The lander may send this
 * every control tick, so it checks the room once and writes each field straight into the buffer.
 */
export function writeTelemetry(w: FrameWriter, t: TelemetryFields, request = -1): number {
  w.sysex(LANDER_SYSEX);
  if (request >= 0) w.u7(Msg.Status).u7(request);
  else w.u7(Msg.Telemetry);
  if (!w.fits(TELEMETRY_BODY_WRITTEN)) return seal(w);
  const b = w.bytes;
  let n = writeUnsigned(b, w.length, t.nowMs, 5);
  b[n++] = t.mode & 0x7f;
  b[n++] = t.phase & 0x7f;
  n = writeUnsigned14(b, n, t.step);
  b[n++] = t.fault & 0x7f;
  const joints = t.joints;
  for (let i = 0; i < 4; i++) n = writeSigned14(b, n, joints[i] * 10);
  n = writeUnsigned14(b, n, t.depthMm * 10);
  n = writeUnsigned14(b, n, t.rpm);
  n = writeUnsigned14(b, n, t.loadAmps * 1000);
  n = writeUnsigned14(b, n, t.batteryVolts * 100);
  n = writeSigned14(b, n, t.lid * 10);
  n = writeSigned14(b, n, t.flag * 10);
  b[n++] = (t.ascender ? 1 : 0) | (t.estop ? 2 : 0) | (t.hostLink ? 4 : 0) | (t.armed ? 8 : 0);
  n = writeUnsigned14(b, n, t.overruns);
  n = writeUnsigned14(b, n, t.clamped);
  w.length = writeUnsigned14(b, n, t.longestTickMs);
  return seal(w);
}

// ---- Field readers for the firmware's receive path (no allocation) ----

/** The message type of a lander sysex, or -1 if the sysex is not a lander message. */
export function messageType(sysex: Uint8Array, length: number): number {
  return length >= 2 && sysex[0] === LANDER_SYSEX ? sysex[TYPE] : -1;
}

/** Field `index` septets into the message, `count` septets wide. */
export function field(sysex: Uint8Array, offset: number, count: number): number {
  return readUnsigned(sysex, FIELDS + offset, count);
}

/** How many fields bytes a message of `type` from the host must carry at least; -1 if unknown. */
export function minimumFields(type: number): number {
  switch (type) {
    case Msg.Hello:
      return 3;
    case Msg.Goodbye:
    case Msg.Heartbeat:
    case Msg.StatusQuery:
    case Msg.Start:
    case Msg.Pause:
    case Msg.Resume:
    case Msg.Abort:
    case Msg.EStop:
    case Msg.Continue:
    case Msg.Arm:
    case Msg.Disarm:
      return 1;
    case Msg.RunStep:
      return 1 + 3;
    case Msg.TelemetryRate:
      return 3;
    case Msg.UploadBegin:
      return 1 + 3 + 5;
    case Msg.UploadChunk:
      return 2 + 5 + 2;
  }
  return -1;
}

export function fieldCount(length: number): number {
  return length - FIELDS;
}

/** Unpacks a chunk's data into `target` at `offset`; returns the byte count, at most `limit - offset`. */
export function chunkData(
  sysex: Uint8Array,
  length: number,
  target: Uint8Array,
  offset: number,
  limit: number,
): number {
  return unpackBytes(sysex, FIELDS + 7, length, target, offset, limit);
}

/** Bytes a chunk message carries. */
export function chunkDataLength(length: number): number {
  return unpackedLength(length - FIELDS - 7);
}

// ---- Typed decoding for the host (allocates; Node only uses it) ----

export interface Telemetry extends TelemetryFields {
  readonly kind: "telemetry";
}

export type LanderMessage =
  | {
      readonly kind: "hello-reply";
      readonly request: number;
      readonly major: number;
      readonly minor: number;
      /** The rest of the reply, read only when the majors match: another major lays it out otherwise. */
      readonly lander?: HelloInfo & { readonly maxChunk: number; readonly maxMission: number };
    }
  | { readonly kind: "ack"; readonly request: number; readonly command: number; readonly result: Result }
  | { readonly kind: "status"; readonly request: number; readonly telemetry: Telemetry }
  | Telemetry
  | { readonly kind: "event"; readonly event: EventKind; readonly nowMs: number; readonly value: number }
  | { readonly kind: "chunk-ack"; readonly seq: number; readonly result: Result; readonly expected: number }
  | { readonly kind: "upload-done"; readonly result: Result; readonly length: number; readonly crc: number }
  | { readonly kind: "error"; readonly result: Result; readonly command: number };

/** Characters sent as two septets each (Firmata's string encoding), as FrameWriter.text writes them. */
export function readText(sysex: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i + 1 < end; i += 2)
    text += String.fromCharCode((sysex[i] & 0x7f) | ((sysex[i + 1] & 0x7f) << 7));
  return text;
}

function readTelemetry(sysex: Uint8Array, start: number, end: number): Telemetry {
  let at = start;
  const take = (count: number): number => {
    const value = readUnsigned(sysex, at, count);
    at += count;
    return value;
  };
  const signed = (): number => {
    const value = readSigned14(sysex, at);
    at += 2;
    return value;
  };
  const nowMs = take(5);
  const mode = take(1);
  const phase = take(1);
  const step = take(2);
  const fault = take(1);
  const joints = [signed() / 10, signed() / 10, signed() / 10, signed() / 10];
  const depthMm = take(2) / 10;
  const rpm = take(2);
  const loadAmps = take(2) / 1000;
  const batteryVolts = take(2) / 100;
  const lid = signed() / 10;
  const flag = signed() / 10;
  const flags = take(1);
  const overruns = take(2);
  const clamped = take(2);
  // Added in 3.1 at the end, so a 3.0 lander's shorter body still decodes.
  const longestTickMs = at + 2 <= end ? take(2) : 0;
  return {
    kind: "telemetry",
    nowMs,
    mode,
    phase,
    step,
    fault,
    joints,
    depthMm,
    rpm,
    loadAmps,
    batteryVolts,
    lid,
    flag,
    ascender: (flags & 1) !== 0,
    estop: (flags & 2) !== 0,
    hostLink: (flags & 4) !== 0,
    armed: (flags & 8) !== 0,
    overruns,
    clamped,
    longestTickMs,
  };
}

/** Decodes a lander message from the host's side; undefined if it is not one or is malformed. */
export function decodeLanderMessage(sysex: Uint8Array, checkedLength: number): LanderMessage | undefined {
  if (!checkIntact(sysex, checkedLength)) return undefined;
  const length = checkedLength - 1;
  const type = messageType(sysex, length);
  const fields = length - FIELDS;
  const f = (offset: number, count: number): number => field(sysex, offset, count);
  switch (type) {
    case Msg.HelloReply: {
      if (fields < 3) return undefined;
      const reply = { kind: "hello-reply", request: f(0, 1), major: f(1, 1), minor: f(2, 1) } as const;
      if (reply.major !== PROTOCOL_MAJOR) return reply;
      if (fields < 23) return undefined;
      const versionLength = f(21, 1);
      const versionEnd = FIELDS + 22 + versionLength * 2;
      if (versionEnd > length) return undefined;
      return {
        ...reply,
        lander: {
          resetReason: f(3, 1),
          checkpoint: f(4, 2),
          maxChunk: f(6, 2),
          maxMission: f(8, 3),
          missionCrc: f(11, 5),
          checkpointCrc: f(16, 5),
          firmwareVersion: readText(sysex, FIELDS + 22, versionEnd),
          boardId: readText(sysex, versionEnd, length),
        },
      };
    }
    case Msg.Ack:
      return fields < 3 ? undefined : { kind: "ack", request: f(0, 1), command: f(1, 1), result: f(2, 1) };
    case Msg.Status:
      return fields < 1 + TELEMETRY_BODY_BYTES
        ? undefined
        : { kind: "status", request: f(0, 1), telemetry: readTelemetry(sysex, FIELDS + 1, length) };
    case Msg.Telemetry:
      return fields < TELEMETRY_BODY_BYTES ? undefined : readTelemetry(sysex, FIELDS, length);
    case Msg.Event:
      return fields < 8 ? undefined : { kind: "event", event: f(0, 1), nowMs: f(1, 5), value: f(6, 2) };
    case Msg.ChunkAck:
      return fields < 5 ? undefined : { kind: "chunk-ack", seq: f(0, 2), result: f(2, 1), expected: f(3, 2) };
    case Msg.UploadDone:
      return fields < 9 ? undefined : { kind: "upload-done", result: f(0, 1), length: f(1, 3), crc: f(4, 5) };
    case Msg.Error:
      return fields < 2 ? undefined : { kind: "error", result: f(0, 1), command: f(1, 1) };
  }
  return undefined;
}
