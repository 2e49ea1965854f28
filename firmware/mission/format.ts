// A compiled mission as it travels to the lander and sits in its flash: the steps the
// sequencer runs, each phase's fault policy, and the hash of the board file it was checked
// against. The host tools encode it (host-tools/src/mission/compile.ts); the firmware decodes
// it and trusts nothing in it.
import { JOINT_NAMES } from "../board/config";
import { EASING_NAMES, type Easing } from "../servo/easing";
import { PHASE_NAMES, type Phase } from "../sequence/phases";
import { FaultPolicy, type Step, type StepKind } from "../sequence/steps";
import { MISSION_LIMITS } from "./limits";

const MAGIC_F = 0x46;
const MAGIC_M = 0x4d;
export const MISSION_FORMAT_VERSION = 1;
/** More steps than this is not a mission a model lander runs: refused before anything is decoded. */
export const MAX_MISSION_STEPS = MISSION_LIMITS.maxSteps;
const MAX_POSE_NAME = MISSION_LIMITS.maxPoseNameChars;
const MAX_NAME = MISSION_LIMITS.maxNameChars;
const MAX_MS = MISSION_LIMITS.maxDurationMs;

const KIND_CODES: readonly StepKind[] = Object.freeze([
  "pose",
  "joint",
  "spin",
  "feed",
  "retract",
  "wait",
  "lid",
  "flag",
  "ascender",
  "selftest",
  "until",
  "marker",
  "checkpoint",
]);

export interface Mission {
  readonly name: string;
  /** CRC-32 of the board file the mission was validated against (see boardHash in host-tools). */
  readonly boardHash: number;
  /** One per phase, in Phase order. */
  readonly policies: readonly FaultPolicy[];
  readonly steps: readonly Step[];
}

/**
 * Names in a mission (its own, its poses') are printable ASCII, space to tilde: all the lander
 * keeps or needs. It only ever prints its mission's name in its own trace, and the host names a
 * mission from its file, so carrying UTF-8 would buy nothing for a decoder in the firmware and a
 * byte limit unlike the schema's character limit. validate refuses anything else at its place
 * (host-tools/src/mission/names.ts), and so does the decoder, instead of masking "é" to "i".
 */
function printable(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** The index of the first character of `value` the lander cannot hold in a name, or -1. */
export function firstUnprintable(value: string): number {
  for (let i = 0; i < value.length; i++) if (!printable(value.charCodeAt(i))) return i;
  return -1;
}

class Writer {
  readonly bytes: number[] = [];
  u8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    return this.u8(value).u8(value >> 8);
  }
  i16(value: number): this {
    return this.u16(value < 0 ? value + 0x10000 : value);
  }
  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }
  text(value: string): this {
    this.u8(value.length);
    // A character the lander cannot hold goes as NUL, which its decoder refuses: never as another letter.
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      this.u8(printable(code) ? code : 0);
    }
    return this;
  }
}

function writeStep(w: Writer, step: Step): void {
  w.u8(KIND_CODES.indexOf(step.kind)).u8(step.phase);
  switch (step.kind) {
    case "pose":
      w.u8(step.easing)
        .u32(step.ms)
        .u16(Math.round((step.speed ?? 0) * 10))
        .text(step.pose);
      break;
    case "joint":
      w.u8(JOINT_NAMES.indexOf(step.joint)).i16(Math.round(step.angle * 10));
      w.u8(step.easing)
        .u32(step.ms)
        .u16(Math.round((step.speed ?? 0) * 10));
      break;
    case "spin":
      w.u16(Math.round(step.rpm));
      break;
    case "feed":
      w.u16(Math.round(step.depthMm * 10)).u16(Math.round(step.rateMmS * 100));
      break;
    case "wait":
    case "until":
      w.u32(step.ms);
      break;
    case "lid":
      w.u8(step.open ? 1 : 0);
      break;
    case "flag":
      w.u8(step.raised ? 1 : 0);
      break;
    case "ascender":
      w.u8(step.on ? 1 : 0);
      break;
    case "marker":
    case "checkpoint":
      w.u16(step.id);
      break;
    case "retract":
    case "selftest":
      break;
  }
}

/** One step alone (farside replay sends them one at a time). */
export function encodeStep(step: Step): Uint8Array {
  const w = new Writer();
  writeStep(w, step);
  return Uint8Array.from(w.bytes);
}

/** Encodes a mission; the host checks it first, the lander checks it again on arrival. */
export function encodeMission(mission: Mission): Uint8Array {
  const w = new Writer().u8(MAGIC_F).u8(MAGIC_M).u8(MISSION_FORMAT_VERSION).u8(0);
  w.u32(mission.boardHash).text(mission.name.slice(0, MAX_NAME));
  for (let phase = 0; phase < PHASE_NAMES.length; phase++) w.u8(mission.policies[phase] ?? FaultPolicy.Abort);
  w.u16(mission.steps.length);
  for (const step of mission.steps) writeStep(w, step);
  return Uint8Array.from(w.bytes);
}

/** Reads a mission from the link's buffer; every read is bounded by `length`. */
class Reader {
  at = 0;
  failed = false;
  /** A name held a byte outside printable ASCII. */
  unprintable = false;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly length: number,
  ) {}
  u8(): number {
    if (this.at >= this.length) {
      this.failed = true;
      return 0;
    }
    return this.bytes[this.at++];
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  i16(): number {
    const value = this.u16();
    return value >= 0x8000 ? value - 0x10000 : value;
  }
  u32(): number {
    return (this.u16() + this.u16() * 0x10000) >>> 0;
  }
  text(limit: number): string {
    const count = this.u8();
    if (count > limit) this.failed = true;
    let value = "";
    for (let i = 0; i < count && !this.failed; i++) {
      const code = this.u8();
      if (!printable(code)) this.unprintable = true;
      value += String.fromCharCode(code);
    }
    return value;
  }
}

function easing(code: number): Easing | -1 {
  return code < EASING_NAMES.length ? (code as Easing) : -1;
}

function readStep(r: Reader, i: number): Step | string {
  const kind = KIND_CODES[r.u8()];
  const phaseCode = r.u8();
  if (kind === undefined) return `step ${i}: unknown kind`;
  if (phaseCode >= PHASE_NAMES.length) return `step ${i}: unknown phase`;
  const phase = phaseCode as Phase;
  let step: Step;
  switch (kind) {
    case "pose": {
      const e = easing(r.u8());
      const ms = r.u32();
      const speed = r.u16() / 10;
      const pose = r.text(MAX_POSE_NAME);
      if (e === -1 || ms > MAX_MS || r.unprintable) return `step ${i}: bad pose move`;
      step = { kind, phase, pose, ms, easing: e, speed };
      break;
    }
    case "joint": {
      const joint = JOINT_NAMES[r.u8()];
      const angle = r.i16() / 10;
      const e = easing(r.u8());
      const ms = r.u32();
      const speed = r.u16() / 10;
      if (joint === undefined || e === -1 || ms > MAX_MS) return `step ${i}: bad joint move`;
      step = { kind, phase, joint, angle, ms, easing: e, speed };
      break;
    }
    case "spin":
      step = { kind, phase, rpm: r.u16() };
      break;
    case "feed":
      step = { kind, phase, depthMm: r.u16() / 10, rateMmS: r.u16() / 100 };
      break;
    case "wait":
    case "until": {
      const ms = r.u32();
      if (ms > MAX_MS) return `step ${i}: wait too long`;
      step = { kind, phase, ms };
      break;
    }
    case "lid":
      step = { kind, phase, open: r.u8() === 1 };
      break;
    case "flag":
      step = { kind, phase, raised: r.u8() === 1 };
      break;
    case "ascender":
      step = { kind, phase, on: r.u8() === 1 };
      break;
    case "marker":
    case "checkpoint":
      step = { kind, phase, id: r.u16() };
      break;
    case "retract":
    case "selftest":
      step = { kind, phase };
      break;
  }
  if (r.failed) return `cut short at step ${i}`;
  return step;
}

/** Decodes one step as encodeStep wrote it, or says why not. */
export function decodeStep(bytes: Uint8Array, length: number): Step | string {
  const r = new Reader(bytes, length);
  const step = readStep(r, 0);
  if (typeof step !== "string" && r.at !== length) return "bytes after the step";
  return step;
}

/**
 * Decodes a compiled mission, or returns why it is refused: a wrong magic or version, a
 * truncated or oversized body, an unknown kind, phase, joint, easing or policy, or a time or
 * number out of range. Limits of the lander itself (joint angles, depths, poses) are the
 * sequencer's to check, as they are for any sequence.
 */
export function decodeMission(bytes: Uint8Array, length: number): Mission | string {
  const r = new Reader(bytes, length);
  if (r.u8() !== MAGIC_F || r.u8() !== MAGIC_M) return "not a farside mission";
  const version = r.u8();
  if (version !== MISSION_FORMAT_VERSION)
    return `mission format ${version}, this firmware reads ${MISSION_FORMAT_VERSION}`;
  r.u8();
  const boardHash = r.u32();
  const name = r.text(MAX_NAME);
  if (r.unprintable) return "the name is not printable ASCII";
  const policies: FaultPolicy[] = [];
  for (let phase = 0; phase < PHASE_NAMES.length; phase++) {
    const policy = r.u8();
    if (policy > FaultPolicy.Skip) return `unknown fault policy ${policy}`;
    policies.push(policy as FaultPolicy);
  }
  const count = r.u16();
  if (count > MAX_MISSION_STEPS) return `${count} steps: at most ${MAX_MISSION_STEPS}`;
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) {
    const step = readStep(r, i);
    if (typeof step === "string") return step;
    steps.push(step);
  }
  if (r.failed) return "cut short";
  if (r.at !== length) return `${length - r.at} bytes after the last step`;
  return { name, boardHash, policies, steps };
}
