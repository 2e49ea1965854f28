import type { Phase } from "../sequence/phases";
import { FaultPolicy, type Step } from "../sequence/steps";

// Which step a mission goes on from after it was cut short. A phase half done (a hole half
// drilled, a scoop half lifted) is never carried on mid-way: it is redone whole, or left.
// Indexed loops only: a failed step is handled inside a control tick.

/**
 * Where an interrupted mission continues, `done` steps in: from the last checkpoint step passed
 * in the phase it was in, else from that phase's first step.
 */
export function continueFrom(steps: readonly Step[], done: number): number {
  const phase = steps[done].phase;
  let from = done;
  while (from > 0 && steps[from - 1].phase === phase && steps[from - 1].kind !== "checkpoint") from--;
  return from;
}

/** The first step of `phase`, which the step at `index` is in: where a retry starts. */
export function phaseStart(steps: readonly Step[], index: number, phase: Phase): number {
  let from = index;
  while (from > 0 && steps[from - 1].phase === phase) from--;
  return from;
}

/** The first step after `phase`, which the step at `index` is in, or -1 when none follows: where a skip goes on. */
export function nextPhaseStart(steps: readonly Step[], index: number, phase: Phase): number {
  let from = index;
  while (from < steps.length && steps[from].phase === phase) from++;
  return from >= steps.length ? -1 : from;
}

/**
 * What a failed step leaves to do once the lander is safe again, by its phase's fault policy:
 * run the phase again, once a run (retry); go on with the next phase (skip); nothing (abort).
 */
export class FaultRecovery {
  /** After the safe state: go on from this step, or -1. */
  private resumeFrom = -1;
  /** The phase already retried once in this run, or -1. */
  private retriedPhase = -1;

  /** A new run (Start, the start button, a host's single step): each phase may be retried again. */
  newRun(): void {
    this.retriedPhase = -1;
  }

  /** Where a step that failed at `index`, in `phase`, resumes under `policy`, or -1 for nowhere. */
  plan(policy: FaultPolicy, steps: readonly Step[], index: number, phase: Phase): number {
    if (policy === FaultPolicy.Retry && this.retriedPhase !== phase) {
      this.retriedPhase = phase;
      return phaseStart(steps, index, phase);
    }
    if (policy === FaultPolicy.Skip) return nextPhaseStart(steps, index, phase);
    return -1;
  }

  /** Goes on from `from` (-1: nowhere) once the lander is safe. */
  resumeAt(from: number): void {
    this.resumeFrom = from;
  }

  /** Drops a retry or skip that was waiting. */
  cancel(): void {
    this.resumeFrom = -1;
  }

  /** Drops a retry or skip that was waiting for the safe state; false when none was. */
  cancelPending(): boolean {
    const pending = this.resumeFrom >= 0;
    this.resumeFrom = -1;
    return pending;
  }

  /** The step to go on from now that the lander is safe, or -1; either way nothing waits any more. */
  take(): number {
    const from = this.resumeFrom;
    this.resumeFrom = -1;
    return from;
  }
}
