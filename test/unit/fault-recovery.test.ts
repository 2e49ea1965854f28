// Which step a cut-short mission goes on from: a continue after a reset, and a failed phase's
// retry or skip. A phase half done is redone whole or left, never carried on mid-way.
import { describe, expect, it } from "vitest";
import { continueFrom, FaultRecovery, nextPhaseStart, phaseStart } from "../../firmware/lander/fault-recovery";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy, type Step } from "../../firmware/sequence/steps";

const steps: readonly Step[] = [
  { kind: "selftest", phase: Phase.SelfTest },
  { kind: "spin", phase: Phase.Drilling, rpm: 300 },
  { kind: "feed", phase: Phase.Drilling, depthMm: 20, rateMmS: 2 },
  { kind: "checkpoint", phase: Phase.Drilling, id: 1 },
  { kind: "feed", phase: Phase.Drilling, depthMm: 40, rateMmS: 2 },
  { kind: "retract", phase: Phase.Drilling },
  { kind: "marker", phase: Phase.Scooping, id: 2 },
  { kind: "wait", phase: Phase.Scooping, ms: 10 },
];

describe("where a cut-short mission goes on", () => {
  it("continues from the phase's first step, or from the last checkpoint step passed in it", () => {
    expect(continueFrom(steps, 0)).toBe(0);
    expect(continueFrom(steps, 2)).toBe(1);
    expect(continueFrom(steps, 3)).toBe(1);
    // Past the checkpoint step: only what follows it is redone.
    expect(continueFrom(steps, 5)).toBe(4);
    expect(continueFrom(steps, 7)).toBe(6);
  });

  it("retries from the start of the failed step's phase, and skips to the next phase's first step", () => {
    expect(phaseStart(steps, 4, Phase.Drilling)).toBe(1);
    expect(phaseStart(steps, 0, Phase.SelfTest)).toBe(0);
    expect(nextPhaseStart(steps, 2, Phase.Drilling)).toBe(6);
    // No phase after the last one: nothing to skip to.
    expect(nextPhaseStart(steps, 6, Phase.Scooping)).toBe(-1);
  });
});

describe("FaultRecovery", () => {
  it("retries a phase once a run; a new run may retry it again", () => {
    const recovery = new FaultRecovery();
    expect(recovery.plan(FaultPolicy.Retry, steps, 4, Phase.Drilling)).toBe(1);
    expect(recovery.plan(FaultPolicy.Retry, steps, 4, Phase.Drilling)).toBe(-1);
    expect(recovery.plan(FaultPolicy.Retry, steps, 7, Phase.Scooping)).toBe(6);
    recovery.newRun();
    expect(recovery.plan(FaultPolicy.Retry, steps, 2, Phase.Drilling)).toBe(1);
  });

  it("skips every time, and aborts to nowhere", () => {
    const recovery = new FaultRecovery();
    expect(recovery.plan(FaultPolicy.Skip, steps, 2, Phase.Drilling)).toBe(6);
    expect(recovery.plan(FaultPolicy.Skip, steps, 2, Phase.Drilling)).toBe(6);
    expect(recovery.plan(FaultPolicy.Abort, steps, 2, Phase.Drilling)).toBe(-1);
  });

  it("holds where to go on until the lander is safe, and drops it when told", () => {
    const recovery = new FaultRecovery();
    recovery.resumeAt(6);
    expect(recovery.take()).toBe(6);
    expect(recovery.take()).toBe(-1);
    recovery.resumeAt(1);
    recovery.cancel();
    expect(recovery.take()).toBe(-1);
    recovery.resumeAt(1);
    expect(recovery.cancelPending()).toBe(true);
    expect(recovery.cancelPending()).toBe(false);
    expect(recovery.take()).toBe(-1);
  });
});
