// Every lander message's fields, declared once: name, width on the wire, scale. The host's
// decoder, the minimum lengths both sides check, the firmware's field offsets and the test that
// holds docs/protocol.md to them are all derived from these tables. The lander's encoders are
// written out by hand (they run every control tick and must not allocate); a test proves each
// writes exactly the table's layout.
import { Msg } from "./messages";

/** How a field travels: unsigned in 1, 2, 3 or 5 septets, or a signed 14-bit number in 2. */
export type WireType = "u7" | "u14" | "u21" | "u32" | "i14";

export const SEPTETS: Readonly<Record<WireType, number>> = Object.freeze({ u7: 1, u14: 2, u21: 3, u32: 5, i14: 2 });

export interface WireField {
  readonly name: string;
  readonly type: WireType;
  /** The number on the wire is the value times this, rounded (0.1° travels as tenths: 10). */
  readonly scale?: number;
  /** Several values of one kind in a row, read back as an array (the four joints). */
  readonly count?: number;
  /** A u7 of flags: the names of bits 0, 1, 2, … read back as booleans. */
  readonly bits?: readonly string[];
  /** A minimal sender may leave it out (the last fields only). */
  readonly optional?: boolean;
  /** How docs/protocol.md names it, where the docs paragraph is made from the table. */
  readonly doc?: string;
}

/**
 * What follows the fixed fields: nothing, Firmata-packed bytes (at least `minTail` septets), or
 * strings whose lengths are fields named `<name>Length` (two septets a character).
 */
export interface MessageLayout {
  readonly name: string;
  readonly type: Msg;
  readonly fields: readonly WireField[];
  readonly tail?:
    | { readonly kind: "packed"; readonly minSeptets: number }
    | { readonly kind: "texts"; readonly names: readonly string[] };
}

/**
 * Freezes a table to the bottom: Moddable's xsl keeps a preloaded module's frozen objects in
 * flash, and warns about (and copies to RAM) any it finds writable.
 */
function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

const REQUEST: WireField = frozen({ name: "request", type: "u7" });

/**
 * The lander's state, in Status and Telemetry. Its TypeScript type (protocol/telemetry.ts), the
 * lander's status record, the encoder, the host's decoder and docs/protocol.md's paragraph all
 * follow this table: a new field is one row here, its producer and its consumer. `doc` is the
 * field as docs/protocol.md words it.
 */
export const TELEMETRY_BODY = frozen([
  { name: "nowMs", type: "u32", doc: "time ms" },
  { name: "mode", type: "u7", doc: "mode" },
  { name: "phase", type: "u7", doc: "phase" },
  { name: "step", type: "u14", doc: "step" },
  { name: "fault", type: "u7", doc: "fault" },
  // In JOINT_NAMES order.
  { name: "joints", type: "i14", scale: 10, count: 4, doc: "shoulder, elbow, wrist, scoop (0.1°)" },
  { name: "depthMm", type: "u14", scale: 10, doc: "drill depth (0.1 mm)" },
  { name: "rpm", type: "u14", doc: "drill rpm" },
  { name: "loadAmps", type: "u14", scale: 1000, doc: "drill load (mA)" },
  { name: "batteryVolts", type: "u14", scale: 100, doc: "battery (10 mV)" },
  { name: "lid", type: "i14", scale: 10, doc: "lid (0.1°)" },
  { name: "flag", type: "i14", scale: 10, doc: "flag (0.1°)" },
  // armed: motion commands are obeyed (Msg.Arm); false after boot, e-stop, fault, lost host, disarm.
  {
    name: "flags",
    type: "u7",
    bits: ["ascender", "estop", "hostWatched", "armed"],
    doc: "flags (bit 0 ascender lit, bit 1 e-stop switch tripped, bit 2 host watched (its silence is a fault), bit 3 armed)",
  },
  { name: "overruns", type: "u14", doc: "tick overruns" },
  { name: "clamped", type: "u14", doc: "clamped commands" },
  { name: "longestTickMs", type: "u14", doc: "longest control tick since boot (whole ms)" },
] as const satisfies readonly WireField[]);

function command(name: string, type: Msg): MessageLayout {
  return { name, type, fields: [REQUEST] };
}

/** Host to lander. */
export const HOST_MESSAGES: readonly MessageLayout[] = frozen([
  {
    name: "Hello",
    type: Msg.Hello,
    fields: [
      REQUEST,
      { name: "major", type: "u7" },
      { name: "minor", type: "u7" },
      { name: "flags", type: "u7", optional: true },
    ],
  },
  command("Goodbye", Msg.Goodbye),
  command("Heartbeat", Msg.Heartbeat),
  command("StatusQuery", Msg.StatusQuery),
  { name: "TelemetryRate", type: Msg.TelemetryRate, fields: [REQUEST, { name: "intervalMs", type: "u14" }] },
  command("Start", Msg.Start),
  command("Pause", Msg.Pause),
  command("Resume", Msg.Resume),
  command("Abort", Msg.Abort),
  command("EStop", Msg.EStop),
  command("Continue", Msg.Continue),
  // A compiled step is at least its kind and phase: two bytes, three packed septets.
  { name: "RunStep", type: Msg.RunStep, fields: [REQUEST], tail: { kind: "packed", minSeptets: 3 } },
  command("Arm", Msg.Arm),
  command("Disarm", Msg.Disarm),
  {
    name: "UploadBegin",
    type: Msg.UploadBegin,
    fields: [REQUEST, { name: "length", type: "u21" }, { name: "crc", type: "u32" }],
  },
  {
    name: "UploadChunk",
    type: Msg.UploadChunk,
    fields: [
      { name: "seq", type: "u14" },
      { name: "crc", type: "u32" },
    ],
    tail: { kind: "packed", minSeptets: 2 },
  },
] satisfies MessageLayout[]);

/** Lander to host. */
export const LANDER_MESSAGES: readonly MessageLayout[] = frozen([
  {
    name: "HelloReply",
    type: Msg.HelloReply,
    fields: [
      REQUEST,
      { name: "major", type: "u7" },
      { name: "minor", type: "u7" },
      { name: "resetReason", type: "u7" },
      { name: "checkpoint", type: "u14" },
      { name: "maxChunk", type: "u14" },
      { name: "maxMission", type: "u21" },
      { name: "missionCrc", type: "u32" },
      { name: "checkpointCrc", type: "u32" },
      { name: "firmwareVersionLength", type: "u7" },
      { name: "boardIdLength", type: "u7" },
    ],
    tail: { kind: "texts", names: ["firmwareVersion", "boardId"] },
  },
  {
    name: "Ack",
    type: Msg.Ack,
    fields: [REQUEST, { name: "command", type: "u7" }, { name: "result", type: "u7" }],
  },
  { name: "Status", type: Msg.Status, fields: [REQUEST, ...TELEMETRY_BODY] },
  { name: "Telemetry", type: Msg.Telemetry, fields: TELEMETRY_BODY },
  {
    name: "Event",
    type: Msg.Event,
    fields: [
      { name: "event", type: "u7" },
      { name: "nowMs", type: "u32" },
      { name: "value", type: "u14" },
    ],
  },
  {
    name: "ChunkAck",
    type: Msg.ChunkAck,
    fields: [
      { name: "seq", type: "u14" },
      { name: "result", type: "u7" },
      { name: "expected", type: "u14" },
    ],
  },
  {
    name: "UploadDone",
    type: Msg.UploadDone,
    fields: [
      { name: "result", type: "u7" },
      { name: "length", type: "u21" },
      { name: "crc", type: "u32" },
      { name: "refusal", type: "u7" },
      { name: "detail", type: "u32" },
    ],
  },
  {
    name: "Error",
    type: Msg.Error,
    fields: [
      { name: "result", type: "u7" },
      { name: "command", type: "u7" },
    ],
  },
] satisfies MessageLayout[]);

/** Septets the fields take: every field, or (`required`) only those a minimal sender must send. */
export function fieldSeptets(fields: readonly WireField[], required = false): number {
  let total = 0;
  for (const f of fields) if (!(required && f.optional)) total += SEPTETS[f.type] * (f.count ?? 1);
  return total;
}

/** The fewest field septets a message of this layout can have and still be whole. */
export function minimumSeptets(layout: MessageLayout): number {
  const tail = layout.tail;
  return fieldSeptets(layout.fields, true) + (tail && tail.kind === "packed" ? tail.minSeptets : 0);
}

/** Where a field sits among a message's field septets, and how wide it is. */
export interface FieldAt {
  readonly offset: number;
  readonly septets: number;
}

/** The position of field `name` in `layout`; throws for a name the layout lacks, so a typo fails at load. */
export function fieldAt(layout: MessageLayout, name: string): FieldAt {
  let offset = 0;
  for (const f of layout.fields) {
    const septets = SEPTETS[f.type] * (f.count ?? 1);
    if (f.name === name) return Object.freeze({ offset, septets });
    offset += septets;
  }
  throw new Error(`no field ${name} in ${layout.name}`);
}

/** The layout of a message of `type` that `table` must have: a missing one fails at load. */
export function layoutFor(table: readonly MessageLayout[], type: Msg): MessageLayout {
  const layout = layoutOf(table, type);
  if (!layout) throw new Error(`no layout for message type ${type}`);
  return layout;
}

/** The layout of a message of `type` in `table`; undefined for a type it lacks. */
export function layoutOf(table: readonly MessageLayout[], type: number): MessageLayout | undefined {
  for (const layout of table) if (layout.type === type) return layout;
  return undefined;
}
