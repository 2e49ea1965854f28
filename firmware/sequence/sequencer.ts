import type { Arm } from "../arm/arm";
import { JOINT_NAMES } from "../board/config";
import { DrillState, type Drill } from "../drill/drill";
import { Fault } from "../safety/faults";
import type { PositionServo } from "../servo/position-servo";
import { Phase, canEnterPhase } from "./phases";
import type { Step } from "./steps";

/** What the sequencer drives. */
export interface SequenceActuators {
  readonly arm: Arm;
  readonly drill: Drill;
  readonly lid: PositionServo;
  readonly flag: PositionServo;
  setAscender(on: boolean): void;
  /** Checks the lander can start moving; Fault.None when it can. */
  selfTest(): Fault;
}

export interface SequenceListener {
  phaseEntered(phase: Phase, nowMs: number): void;
  stepDone(index: number, nowMs: number): void;
  marker(id: number, nowMs: number): void;
}

export const enum SequenceResult {
  Running = 0,
  Finished = 1,
  Failed = 2,
}

/**
 * Runs a list of steps one after another, each until its actuators report it done. It holds
 * the current phase and step and enforces the phase order; safing, faults and e-stop are the
 * lander's job, which calls halt().
 */
export class Sequencer {
  /** Sequences that passed validate(): a WeakSet, so a replaced mission is not kept alive by it. */
  private readonly valid = new WeakSet<readonly Step[]>();
  private steps: readonly Step[] = [];
  private index = 0;
  private started = false;
  private paused = false;
  private waitUntilMs = 0;
  /** When the sequence began: `until` steps count from here. */
  private beganMs = 0;
  phase = Phase.Idle;
  /** Why the last run failed. */
  fault = Fault.None;

  constructor(
    private readonly actuators: SequenceActuators,
    private readonly listener: SequenceListener,
  ) {}

  get stepIndex(): number {
    return this.index;
  }

  get stepCount(): number {
    return this.steps.length;
  }

  /**
   * Checks a sequence against this lander before accepting it: phases in order, poses that
   * exist, depths the drill can reach. Returns the index of the first bad step, or -1. A
   * sequence that passed is remembered (sequences are never changed once built, and this
   * lander's limits do not change), so starting it again costs the chip nothing: checking the
   * built-in one took several ms of one callback.
   */
  validate(steps: readonly Step[]): number {
    if (this.valid.has(steps)) return -1;
    const bad = this.firstBadStep(steps);
    if (bad < 0) this.valid.add(steps);
    return bad;
  }

  private firstBadStep(steps: readonly Step[]): number {
    let phase = Phase.Idle;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.phase !== phase && !canEnterPhase(phase, step.phase)) return i;
      phase = step.phase;
      if (step.kind === "pose" && !this.actuators.arm.hasPose(step.pose)) return i;
      if (step.kind === "joint" && JOINT_NAMES.indexOf(step.joint) < 0) return i;
      if (step.kind === "feed" && !(step.depthMm >= 0 && step.depthMm <= this.actuators.drill.travelMm)) return i;
      if ((step.kind === "wait" || step.kind === "until") && !(step.ms >= 0)) return i;
      if ((step.kind === "pose" || step.kind === "joint") && !((step.speed ?? 0) >= 0)) return i;
      if (step.kind === "spin" && !(step.rpm >= 0)) return i;
      if (step.kind === "feed" && !(step.rateMmS > 0)) return i;
    }
    return -1;
  }

  /** Loads and starts a sequence at step `from`; false (nothing changes) if it does not validate. */
  begin(steps: readonly Step[], nowMs: number, from = 0): boolean {
    if (this.validate(steps) >= 0 || !(from >= 0 && from < steps.length)) return false;
    this.steps = steps;
    this.index = from;
    this.beganMs = nowMs;
    this.started = false;
    this.paused = false;
    this.fault = Fault.None;
    this.phase = Phase.Idle;
    this.enterPhaseOf(nowMs);
    return true;
  }

  pause(nowMs: number): void {
    this.paused = true;
    this.actuators.arm.hold(nowMs);
    this.actuators.drill.holdFeed();
  }

  /** Resumes by starting the current step again from wherever the actuators now are. */
  resume(): void {
    this.paused = false;
    this.started = false;
  }

  /** Stops stepping; the actuators are left to whoever takes over (the safe-state procedure). */
  halt(): void {
    this.paused = false;
    this.started = false;
    this.steps = [];
    this.index = 0;
  }

  tick(nowMs: number): SequenceResult {
    if (this.paused) return SequenceResult.Running;
    if (this.index >= this.steps.length) return SequenceResult.Finished;
    const step = this.steps[this.index];
    if (!this.started) {
      this.started = true;
      const fault = this.startStep(step, nowMs);
      if (fault !== Fault.None) {
        this.fault = fault;
        return SequenceResult.Failed;
      }
    }
    if (step.kind === "feed" || step.kind === "retract") {
      if (this.actuators.drill.state === DrillState.Stalled) {
        this.fault = Fault.DrillStall;
        return SequenceResult.Failed;
      }
    }
    if (!this.isStepDone(step, nowMs)) return SequenceResult.Running;
    this.listener.stepDone(this.index, nowMs);
    this.index++;
    this.started = false;
    if (this.index >= this.steps.length) {
      this.phase = Phase.Complete;
      this.listener.phaseEntered(Phase.Complete, nowMs);
      return SequenceResult.Finished;
    }
    this.enterPhaseOf(nowMs);
    return SequenceResult.Running;
  }

  private enterPhaseOf(nowMs: number): void {
    if (this.index >= this.steps.length) return;
    const next = this.steps[this.index].phase;
    if (next !== this.phase) {
      this.phase = next;
      this.listener.phaseEntered(next, nowMs);
    }
  }

  private startStep(step: Step, nowMs: number): Fault {
    const { arm, drill, lid, flag } = this.actuators;
    switch (step.kind) {
      case "pose": {
        const travel = arm.poseTravel(step.pose, nowMs);
        if (travel < 0) return Fault.StepRefused;
        arm.moveToPose(step.pose, nowMs, durationFor(step.ms, travel, step.speed), step.easing);
        return Fault.None;
      }
      case "joint": {
        const travel = Math.abs(step.angle - arm.joint(step.joint).profile.sample(nowMs));
        arm.moveJoint(step.joint, step.angle, nowMs, durationFor(step.ms, travel, step.speed), step.easing);
        return Fault.None;
      }
      case "spin":
        drill.setSpin(step.rpm, nowMs);
        return Fault.None;
      case "feed":
        return drill.feedTo(step.depthMm, step.rateMmS, nowMs) ? Fault.None : Fault.StepRefused;
      case "retract":
        drill.retract(nowMs);
        return Fault.None;
      case "wait":
        this.waitUntilMs = nowMs + step.ms;
        return Fault.None;
      case "lid":
        lid.set(step.open, nowMs);
        return Fault.None;
      case "flag":
        flag.set(step.raised, nowMs);
        return Fault.None;
      case "ascender":
        this.actuators.setAscender(step.on);
        return Fault.None;
      case "selftest":
        return this.actuators.selfTest();
      case "until":
        this.waitUntilMs = this.beganMs + step.ms;
        return Fault.None;
      case "marker":
        this.listener.marker(step.id, nowMs);
        return Fault.None;
      case "checkpoint":
        return Fault.None;
    }
  }

  private isStepDone(step: Step, nowMs: number): boolean {
    switch (step.kind) {
      case "pose":
      case "joint":
        return this.actuators.arm.isSettled(nowMs);
      case "spin":
      case "feed":
      case "retract":
        return this.actuators.drill.isIdle(nowMs);
      case "wait":
      case "until":
        return nowMs >= this.waitUntilMs;
      case "lid":
        return this.actuators.lid.isSettled(nowMs);
      case "flag":
        return this.actuators.flag.isSettled(nowMs);
      case "ascender":
      case "selftest":
      case "marker":
      case "checkpoint":
        return true;
    }
  }
}

/** A move's duration: what the step asks, stretched so no joint travels faster than `speed`. */
function durationFor(ms: number, travel: number, speed: number | undefined): number {
  if (!(speed !== undefined && speed > 0)) return ms;
  const bySpeed = (travel / speed) * 1000;
  return bySpeed > ms ? bySpeed : ms;
}
