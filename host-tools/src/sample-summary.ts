// What a mission collected and what reached the container, said apart: a core in the drill or
// a scoop spilled on the deck is collected but not in the container, and a summary that put
// them in one sentence ("0.0 g in the container (a 35 mm core and 1 scoops)") read as a
// contradiction. run, demo and the report say it the same way.

import { counted } from "./labels";

export interface SampleCounts {
  readonly containerG: number;
  readonly spilledG: number;
  readonly coreMm: number;
  readonly scoops: number;
  /** Still in the drill's coring bag: cored but never handed to the container. */
  readonly coreInDrillG?: number;
  /** Still in the arm's scoop. */
  readonly heldG?: number;
  readonly sealed?: boolean;
  /** Whether the lid was open at any time, where the host watched it (undefined: not known). */
  readonly lidOpened?: boolean;
}

export function collectedText(s: SampleCounts): string {
  const core = s.coreMm >= 0.5 ? `a ${s.coreMm.toFixed(0)} mm core` : undefined;
  const scoops = s.scoops > 0 ? counted(s.scoops, "scoop") : undefined;
  return [core, scoops].filter((part) => part !== undefined).join(" and ") || "nothing";
}

/** Why what was collected is not (all) in the container, most telling first. */
function whyNot(s: SampleCounts): string[] {
  const why: string[] = [];
  if (s.containerG === 0 && (s.spilledG === 0 || s.lidOpened === false)) why.push("nothing was emptied into it");
  if (s.lidOpened === false) why.push("the lid was never opened");
  if (s.spilledG > 0) why.push(`${s.spilledG.toFixed(1)} g spilled beside it`);
  if ((s.coreInDrillG ?? 0) > 0) why.push("the core is still in the drill");
  const held = s.heldG ?? 0;
  if (held > 0) why.push(`${held.toFixed(1)} g is still in the scoop`);
  return why;
}

/** `collected: a 35 mm core and 2 scoops; in the container: 0.0 g (nothing was emptied into it; …)` */
export function sampleSummary(s: SampleCounts): string {
  const collected = collectedText(s);
  const why = collected === "nothing" && s.spilledG === 0 ? [] : whyNot(s);
  const container = `in the ${s.sealed ? "sealed " : ""}container: ${s.containerG.toFixed(1)} g`;
  return `collected: ${collected}; ${container}${why.length > 0 ? ` (${why.join("; ")})` : ""}`;
}

/**
 * Whether the lid was ever open, from the lid angle telemetry carries: open once it is nearer
 * the board's open angle than its closed one.
 */
export class LidWatch {
  opened = false;

  constructor(private readonly lid: { readonly open: number; readonly closed: number }) {}

  see(angle: number): void {
    if (Math.abs(angle - this.lid.open) < Math.abs(angle - this.lid.closed)) this.opened = true;
  }
}
