// Typed decoding of lander messages for the host, driven by firmware/protocol/layouts.ts: every field is
// read where its layout puts it, scaled back and named. It allocates, so only Node uses it.
import { checkIntact, type HelloInfo } from "../../../firmware/protocol/encode";
import { TELEMETRY_NAMES, type TelemetryFields } from "../../../firmware/protocol/telemetry";
import {
  LANDER_MESSAGES,
  SEPTETS,
  fieldAt,
  fieldSeptets,
  layoutFor,
  layoutOf,
  type WireField,
} from "../../../firmware/protocol/layouts";
import { Msg, PROTOCOL_MAJOR, type EventKind, type Result } from "../../../firmware/protocol/messages";
import type { Refusal } from "../../../firmware/lander/refusal";
import { FIELDS, messageType } from "../../../firmware/protocol/receive";
import { readSigned14, readUnsigned } from "../../../firmware/protocol/septets";

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
  | {
      readonly kind: "upload-done";
      readonly result: Result;
      readonly length: number;
      readonly crc: number;
      /** Why a Refused upload was refused (firmware/lander/refusal.ts), and the number it names. */
      readonly refusal: Refusal;
      readonly detail: number;
    }
  | { readonly kind: "error"; readonly result: Result; readonly command: number };

type Value = number | boolean | number[] | string;

/** Characters sent as two septets each (Firmata's string encoding), as FrameWriter.text writes them. */
export function readText(sysex: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i + 1 < end; i += 2)
    text += String.fromCharCode((sysex[i] & 0x7f) | ((sysex[i + 1] & 0x7f) << 7));
  return text;
}

function readOne(sysex: Uint8Array, at: number, f: WireField): number {
  const raw = f.type === "i14" ? readSigned14(sysex, at) : readUnsigned(sysex, at, SEPTETS[f.type]);
  return f.scale ? raw / f.scale : raw;
}

/** Reads `fields` from septet `start` into `into`, by name: arrays for counts, booleans for bits. */
function readFields(sysex: Uint8Array, start: number, fields: readonly WireField[], into: Record<string, Value>): void {
  let at = start;
  for (const f of fields) {
    const width = SEPTETS[f.type];
    if (f.count !== undefined) {
      const values: number[] = [];
      for (let i = 0; i < f.count; i++, at += width) values.push(readOne(sysex, at, f));
      into[f.name] = values;
      continue;
    }
    const value = readOne(sysex, at, f);
    at += width;
    if (f.bits) f.bits.forEach((bit, i) => (into[bit] = (value & (1 << i)) !== 0));
    else into[f.name] = value;
  }
}

/**
 * A message's fields by name, or undefined when it is shorter than its layout (a cut message
 * whose check septet happens to match): a host never reads a field that did not arrive.
 */
function readMessage(sysex: Uint8Array, length: number, type: Msg): Record<string, Value> | undefined {
  const layout = layoutFor(LANDER_MESSAGES, type);
  const fixed = fieldSeptets(layout.fields);
  if (length - FIELDS < fixed) return undefined;
  const values: Record<string, Value> = {};
  readFields(sysex, FIELDS, layout.fields, values);
  const tail = layout.tail;
  if (tail?.kind === "texts") {
    let at = FIELDS + fixed;
    for (const name of tail.names) {
      const end = at + 2 * (values[`${name}Length`] as number);
      if (end > length) return undefined;
      values[name] = readText(sysex, at, end);
      at = end;
    }
  }
  return values;
}

function telemetry(values: Record<string, Value>): Telemetry {
  const t: Record<string, Value> = { kind: "telemetry" };
  for (const name of TELEMETRY_NAMES) t[name] = values[name] as number | boolean | number[];
  return t as unknown as Telemetry;
}

/** Decodes a lander message from the host's side; undefined if it is not one or is malformed. */
export function decodeLanderMessage(sysex: Uint8Array, checkedLength: number): LanderMessage | undefined {
  if (!checkIntact(sysex, checkedLength)) return undefined;
  const length = checkedLength - 1;
  const type = messageType(sysex, length);
  if (type === Msg.HelloReply) return helloReply(sysex, length);
  if (!layoutOf(LANDER_MESSAGES, type)) return undefined;
  const v = readMessage(sysex, length, type);
  if (!v) return undefined;
  switch (type) {
    case Msg.Ack:
      return { kind: "ack", request: v.request as number, command: v.command as number, result: v.result as Result };
    case Msg.Status:
      return { kind: "status", request: v.request as number, telemetry: telemetry(v) };
    case Msg.Telemetry:
      return telemetry(v);
    case Msg.Event:
      return { kind: "event", event: v.event as EventKind, nowMs: v.nowMs as number, value: v.value as number };
    case Msg.ChunkAck:
      return { kind: "chunk-ack", seq: v.seq as number, result: v.result as Result, expected: v.expected as number };
    case Msg.UploadDone:
      return {
        kind: "upload-done",
        result: v.result as Result,
        length: v.length as number,
        crc: v.crc as number,
        refusal: v.refusal as Refusal,
        detail: v.detail as number,
      };
    case Msg.Error:
      return { kind: "error", result: v.result as Result, command: v.command as number };
  }
  return undefined;
}

/** HelloReply's leading fields, the ones every major keeps where they are. */
const HELLO_REPLY = layoutFor(LANDER_MESSAGES, Msg.HelloReply);
const VERSION_FIELDS = (["request", "major", "minor"] as const).map((name) => fieldAt(HELLO_REPLY, name));
const VERSIONS_END = Math.max(...VERSION_FIELDS.map((at) => at.offset + at.septets));

/** A reply of another major is read only as far as its versions: the rest may be laid out otherwise. */
function helloReply(sysex: Uint8Array, length: number): LanderMessage | undefined {
  if (length - FIELDS < VERSIONS_END) return undefined;
  const [request = 0, major = 0, minor = 0] = VERSION_FIELDS.map((at) =>
    readUnsigned(sysex, FIELDS + at.offset, at.septets),
  );
  const reply = { kind: "hello-reply", request, major, minor } as const;
  if (major !== PROTOCOL_MAJOR) return reply;
  const v = readMessage(sysex, length, Msg.HelloReply);
  if (!v) return undefined;
  const lander = {
    resetReason: v.resetReason as number,
    checkpoint: v.checkpoint as number,
    maxChunk: v.maxChunk as number,
    maxMission: v.maxMission as number,
    missionCrc: v.missionCrc as number,
    checkpointCrc: v.checkpointCrc as number,
    firmwareVersion: v.firmwareVersion as string,
    boardId: v.boardId as string,
  };
  return { ...reply, lander };
}
