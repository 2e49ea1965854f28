// Reading a message from the host on the lander's receive path, without allocating: its type,
// its fields where protocol/layouts.ts puts them, and the packed data a chunk or a step carries.
import { HOST_MESSAGES, fieldAt, layoutFor, minimumSeptets, type FieldAt } from "./layouts";
import { LANDER_SYSEX, Msg } from "./messages";
import { readUnsigned, unpackBytes, unpackedLength } from "./septets";

// Offsets inside a lander sysex as the decoder hands it over: [LANDER_SYSEX, type, fields...].
const TYPE = 1;
export const FIELDS = 2;

/** The message type of a lander sysex, or -1 if the sysex is not a lander message. */
export function messageType(sysex: Uint8Array, length: number): number {
  return length >= 2 && sysex[0] === LANDER_SYSEX ? sysex[TYPE] : -1;
}

/** A field's value: where `at` says it sits among the message's fields. */
export function field(sysex: Uint8Array, at: FieldAt): number {
  return readUnsigned(sysex, FIELDS + at.offset, at.septets);
}

function host(type: Msg, name: string): FieldAt {
  return fieldAt(layoutFor(HOST_MESSAGES, type), name);
}

/** Every host message's request id, and the fields the lander reads, by name from the layouts. */
export const REQUEST = host(Msg.Start, "request");
export const HELLO_MAJOR = host(Msg.Hello, "major");
export const HELLO_FLAGS = host(Msg.Hello, "flags");
export const TELEMETRY_INTERVAL = host(Msg.TelemetryRate, "intervalMs");
export const UPLOAD_LENGTH = host(Msg.UploadBegin, "length");
export const UPLOAD_CRC = host(Msg.UploadBegin, "crc");
export const CHUNK_SEQ = host(Msg.UploadChunk, "seq");
export const CHUNK_CRC = host(Msg.UploadChunk, "crc");
const CHUNK_DATA = CHUNK_CRC.offset + CHUNK_CRC.septets;
const STEP_DATA = REQUEST.offset + REQUEST.septets;

// The fewest field septets of each host message, by type (-1: not a host message).
const MINIMUM: number[] = [];
for (const layout of HOST_MESSAGES) MINIMUM[layout.type] = minimumSeptets(layout);
Object.freeze(MINIMUM);

/** How many field septets a message of `type` from the host must carry at least; -1 if unknown. */
export function minimumFields(type: number): number {
  return MINIMUM[type] ?? -1;
}

export function fieldCount(length: number): number {
  return length - FIELDS;
}

/** Whether a field a minimal sender may leave out (Hello's flags) was sent. */
export function has(length: number, at: FieldAt): boolean {
  return fieldCount(length) >= at.offset + at.septets;
}

/** Unpacks a chunk's data into `target` at `offset`; returns the byte count, at most `limit - offset`. */
export function chunkData(
  sysex: Uint8Array,
  length: number,
  target: Uint8Array,
  offset: number,
  limit: number,
): number {
  return unpackBytes(sysex, FIELDS + CHUNK_DATA, length, target, offset, limit);
}

/** Bytes a chunk message carries. */
export function chunkDataLength(length: number): number {
  return unpackedLength(length - FIELDS - CHUNK_DATA);
}

/** Unpacks a RunStep's step into `target`; returns its byte count (at most the target's length). */
export function stepData(sysex: Uint8Array, length: number, target: Uint8Array): number {
  return unpackBytes(sysex, FIELDS + STEP_DATA, length, target, 0, target.length);
}
