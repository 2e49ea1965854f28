// What the compiler tracks while it walks a mission: the lander's commanded state after each
// step, and the lid's and flag's servo motion that the firmware plans them with.
import { JOINT_NAMES, type BoardConfig } from "../../../firmware/board/config";
import { Easing } from "../../../firmware/servo/easing";
import { MotionProfile } from "../../../firmware/servo/motion";

/** The lid's and flag's servo speed and acceleration in the firmware (servo/position-servo.ts). */
export const POSITION_SERVO_SPEED = 90;
export const POSITION_SERVO_ACCEL = 360;

/**
 * A part of the commanded state a step sets. The arm is not among them: after a failed move the
 * next ones are timed from where the arm was, as good a guess as any and one that still
 * catches a move too fast from there.
 */
export type Fact = "rpm" | "depth" | "lid" | "ascender";

/** What a step of each kind sets: a step that fails leaves those unknown until another sets them. */
export function factsSetBy(kind: string | undefined): readonly Fact[] {
  switch (kind) {
    case "spin":
      return ["rpm"];
    case "feed":
    case "retract":
      return ["depth"];
    case "lid":
    case "ascender":
      return [kind];
    default:
      return [];
  }
}

/** What the compiler knows the lander is commanded to be doing after each step. */
export class Plan {
  readonly joints: number[];
  depthMm = 0;
  rpm = 0;
  lid: number;
  flag: number;
  ascender = false;
  nowMs = 0;
  /**
   * What a step the compiler could not take (a problem in it) would have set: checks that
   * depend on these are passed over, rather than blaming the steps after it for its mistake.
   */
  readonly unknown = new Set<Fact>();
  constructor(private readonly board: BoardConfig) {
    this.joints = JOINT_NAMES.map((name) => board.joints[name].home);
    this.lid = board.lid.home;
    this.flag = board.flag.home;
  }

  /** The lid or flag opened (raised) or closed (furled), taking as long as its servo does. */
  moveLidOrFlag(which: "lid" | "flag", open: boolean): void {
    const config = this.board[which];
    const target = open ? config.open : config.closed;
    const profile = new MotionProfile(POSITION_SERVO_SPEED, POSITION_SERVO_ACCEL, 0);
    this.nowMs += profile.minimumDuration(target - this[which], Easing.Trapezoid);
    this[which] = target;
  }

  /** After a step of `kind`: what it sets is known again, or unknown when the step had a problem. */
  settle(kind: string | undefined, failed: boolean): void {
    for (const fact of factsSetBy(kind)) {
      if (failed) this.unknown.add(fact);
      else this.unknown.delete(fact);
    }
  }
}
