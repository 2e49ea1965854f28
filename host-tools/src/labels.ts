// The words and times people read, from one place: every mode, phase, fault, reset reason,
// result and event the lander reports, and how lander time is printed. The name tables
// themselves live beside their enums in the firmware (test/unit/labels.test.ts holds each to
// its enum); a number without a name shows as the number, never as "undefined".
import { REFUSAL_LABELS } from "../../firmware/lander/refusal";
import { MODE_NAMES } from "../../firmware/lander/status";
import { resetReasonFromEsp } from "../../firmware/platform/reset-reason";
import { EventKind, Msg, RESET_REASON_NAMES, RESULT_NAMES } from "../../firmware/protocol/codec";
import { FAULT_NAMES } from "../../firmware/safety/faults";
import { PHASE_NAMES } from "../../firmware/sequence/phases";

function named(names: readonly string[], value: number, what: string): string {
  return names[value] ?? `${what} ${value}`;
}

export const modeLabel = (mode: number): string => named(MODE_NAMES, mode, "mode");
export const phaseLabel = (phase: number): string => named(PHASE_NAMES, phase, "phase");
export const faultLabel = (fault: number): string => named(FAULT_NAMES, fault, "fault");
/** A reason as the lander reports it (HelloReply, the Reset event). */
export const resetLabel = (reason: number): string => named(RESET_REASON_NAMES, reason, "reset");
/** A reset as the chip reports it (esp_reset_reason_t, the simulator's events). */
export const chipResetLabel = (code: number): string => resetLabel(resetReasonFromEsp(code));
export const resultLabel = (result: number): string => named(RESULT_NAMES, result, "result");
/** Why the lander would not take a move or a mission (firmware/lander/refusal.ts). */
export const refusalLabel = (refusal: number): string => REFUSAL_LABELS[refusal] ?? `refusal ${refusal}`;

/** What a host calls each request it sends, in its refusals and timeouts. */
const COMMAND_NAMES: Partial<Record<Msg, string>> = {
  [Msg.Start]: "start",
  [Msg.Pause]: "pause",
  [Msg.Resume]: "resume",
  [Msg.Abort]: "abort",
  [Msg.EStop]: "e-stop",
  [Msg.StatusQuery]: "status",
  [Msg.Heartbeat]: "heartbeat",
  [Msg.TelemetryRate]: "telemetry rate",
  [Msg.UploadBegin]: "upload",
  [Msg.Goodbye]: "goodbye",
  [Msg.Continue]: "continue",
  [Msg.RunStep]: "step",
  [Msg.Arm]: "arm",
  [Msg.Disarm]: "disarm",
};

export const commandLabel = (type: Msg): string => COMMAND_NAMES[type] ?? `message 0x${type.toString(16)}`;

/** Each event kind's name in the run log, and the names of its values where they have them. */
export const EVENT_KINDS: Readonly<Partial<Record<EventKind, readonly [string, readonly string[]]>>> = Object.freeze({
  [EventKind.ModeChanged]: ["mode", MODE_NAMES],
  [EventKind.PhaseEntered]: ["phase", PHASE_NAMES],
  [EventKind.StepDone]: ["step", []],
  [EventKind.Fault]: ["fault", FAULT_NAMES],
  [EventKind.Reset]: ["reset", RESET_REASON_NAMES],
  [EventKind.Marker]: ["marker", []],
  [EventKind.Armed]: ["armed", ["disarmed", "armed"]],
});

/** Lander (or simulation) time in a column: seconds, wide enough for hours. */
export function clock(ms: number): string {
  return `${(ms / 1000).toFixed(1).padStart(7)} s`;
}

/** A moment or a span in seconds, for a sentence or a table cell: "12.3 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A duration for people: "2 min 46 s", "3.5 s". */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  // Rounded once, whole: rounding the remainder alone turned 119.6 s into "1 min 60 s".
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes} min ${whole - minutes * 60} s`;
}

/** A count with its noun: "1 scoop", "2 scoops", "1 chunk". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
