import type { EventKind } from "../../../firmware/protocol/codec";
import { type LanderMessage } from "../link/lander-decode";
import type { EventLine } from "./format";
import { EVENT_KINDS } from "../labels";

type LanderEvent = Extract<LanderMessage, { kind: "event" }>;

/**
 * A lander event as the run log keeps it: its kind by name, and its value's name where it has
 * one (a phase, a fault, the mission's own marker names). One mapping for run and replay.
 */
export function eventLine(e: LanderEvent, markers: readonly string[] = []): Omit<EventLine, "t"> {
  const [event, names] = EVENT_KINDS[e.event as EventKind] ?? [`event ${e.event}`, []];
  const name = (event === "marker" ? markers : names)[e.value];
  return { type: "event", event, value: e.value, ...(name ? { name } : {}), landerMs: e.nowMs };
}
