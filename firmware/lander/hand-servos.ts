import type { Arm } from "../arm/arm";
import { clampAngle } from "../servo/calibration";
import type { PositionServo } from "../servo/position-servo";
import type { ServoChannel } from "../servo/servo";

/** Servo numbers after the arm's joints (0-3, in JOINT_NAMES order). */
const LID = 4;
const FLAG = 5;

/**
 * The servos a host may move by hand (Firmata clients, the dashboard's jog), under one
 * numbering: the arm's joints 0-3 in JOINT_NAMES order, then 4 the lid and 5 the flag. The link's
 * pin table (link/pin-table.ts) gives its servo pins the same numbers.
 */
export class HandServos {
  constructor(
    private readonly arm: Arm,
    private readonly lid: PositionServo,
    private readonly flag: PositionServo,
  ) {}

  channel(servo: number): ServoChannel | undefined {
    if (servo >= 0 && servo < LID) return this.arm.joints[servo].servo;
    if (servo === LID) return this.lid.servo;
    if (servo === FLAG) return this.flag.servo;
    return undefined;
  }

  /**
   * Sends one servo toward `angle`; false when there is no such servo. A target outside its
   * limits is clamped and counted, and the servo goes only that far.
   */
  move(servo: number, angle: number, nowMs: number): boolean {
    const channel = this.channel(servo);
    if (!channel) return false;
    const target = clampAngle(channel.calibration, angle);
    if (target !== angle) channel.clamped++;
    if (servo < LID) this.arm.moveJoint(this.arm.joints[servo].name, target, nowMs);
    else if (servo === LID) this.lid.moveTo(target, nowMs);
    else this.flag.moveTo(target, nowMs);
    return true;
  }

  /** Stops every hand move where it is. */
  hold(nowMs: number): void {
    this.arm.hold(nowMs);
    this.lid.hold();
    this.flag.hold();
  }
}
