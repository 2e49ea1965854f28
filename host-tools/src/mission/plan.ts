// What the compiler tracks while it walks a mission: the lander's commanded state after each
// step, and the lid's and flag's servo motion that the firmware plans them with.
import { JOINT_NAMES, type BoardConfig } from "../../../firmware/board/config";

/** The lid's and flag's servo speed and acceleration in the firmware (servo/position-servo.ts). */
export const POSITION_SERVO_SPEED = 90;
export const POSITION_SERVO_ACCEL = 360;

/** What the compiler knows the lander is commanded to be doing after each step. */
export class Plan {
  readonly joints: number[];
  depthMm = 0;
  rpm = 0;
  lid: number;
  flag: number;
  nowMs = 0;
  constructor(board: BoardConfig) {
    this.joints = JOINT_NAMES.map((name) => board.joints[name].home);
    this.lid = board.lid.home;
    this.flag = board.flag.home;
  }
}
