import { MODE_NAMES } from "../../../firmware/lander/status";
import { EventKind, RESET_REASON_NAMES } from "../../../firmware/protocol/codec";
import { type LanderMessage } from "../link/lander-decode";
import { FAULT_NAMES } from "../../../firmware/safety/faults";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import type { EventLine } from "./format";

type LanderEvent = Extract<LanderMessage, { kind: "event" }>;

const KINDS: Partial<Record<EventKind, readonly [string, readonly string[]]>> = {
  [EventKind.ModeChanged]: ["mode", MODE_NAMES],
  [EventKind.PhaseEntered]: ["phase", PHASE_NAMES],
  [EventKind.StepDone]: ["step", []],
  [EventKind.Fault]: ["fault", FAULT_NAMES],
  [EventKind.Reset]: ["reset", RESET_REASON_NAMES],
  [EventKind.Marker]: ["marker", []],
  [EventKind.Armed]: ["armed", ["disarmed", "armed"]],
};

/**
 * A lander event as the run log keeps it: its kind by name, and its value's name where it has
 * one (a phase, a fault, the mission's own marker names). One mapping for run and replay.
 */
export function eventLine(e: LanderEvent, markers: readonly string[] = []): Omit<EventLine, "t"> {
  const [event, names] = KINDS[e.event as EventKind] ?? [`event ${e.event}`, []];
  const name = (event === "marker" ? markers : names)[e.value];
  return { type: "event", event, value: e.value, ...(name ? { name } : {}), landerMs: e.nowMs };
}
