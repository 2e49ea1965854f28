import { Phase } from "../../../firmware/sequence/phases";
import { phaseLabel } from "../labels";
import type { LogLine } from "../runlog/format";
import type { LanderTimes } from "./lander-time";

export interface PhaseSpan {
  readonly name: string;
  /** Seconds on the lander's clock from the mission's start. */
  readonly startS: number;
  readonly endS: number;
}

/**
 * The mission's phases on the lander's clock. "complete" and "idle" are where the lander waits,
 * not phases of the mission: in a replay the lander completes after every step while the host
 * keeps the time to the next, so each completion only ends the span it closes. Between two
 * steps of one phase the mission is still in that phase (the host is keeping one of its waits),
 * so the span carries on; between the last step of one phase and the first of the next nothing
 * is drawn.
 */
export function phaseSpans(lines: readonly LogLine[], times: LanderTimes): PhaseSpan[] {
  // A reset stops the sequence: no span runs across one, and none is continued past one.
  const nextReset = (s: number): number => times.resetsS.find((reset) => reset >= s) ?? Infinity;
  const spans: { name: string; startS: number; endS: number | undefined }[] = [];
  lines.forEach((line, i) => {
    const at = times.atS[i];
    if (line.type !== "event" || line.event !== "phase" || at === undefined) return;
    const open = spans.at(-1);
    if (line.value === Phase.Complete || line.value === Phase.Idle) {
      if (open && open.endS === undefined) open.endS = at;
      return;
    }
    const name = line.name ?? phaseLabel(line.value);
    if (open?.name === name && nextReset(open.startS) > at) {
      open.endS = undefined;
      return;
    }
    if (open && open.endS === undefined) open.endS = Math.min(at, nextReset(open.startS));
    spans.push({ name, startS: at, endS: undefined });
  });
  return spans.map((span) => ({
    ...span,
    endS: Math.max(span.startS, Math.min(span.endS ?? times.endS, nextReset(span.startS))),
  }));
}
