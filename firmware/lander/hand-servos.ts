import type { Arm } from "../arm/arm";
import { clampAngle } from "../servo/calibration";
import type { PositionServo } from "../servo/position-servo";
import type { ServoChannel } from "../servo/servo";

/** Hand servo numbers after the arm's joints (0-3, in JOINT_NAMES order). */
export const enum HandServo {
  Lid = 4,
  Flag = 5,
}

/**
 * The servos a host may move by hand (Firmata clients, the dashboard's jog), under one
 * numbering: the arm's joints 0-3 in JOINT_NAMES order, then HandServo.Lid and HandServo.Flag.
 * The link's pin table (link/pin-table.ts) numbers its servo pins with these.
 */
export class HandServos {
  constructor(
    private readonly arm: Arm,
    private readonly lid: PositionServo,
    private readonly flag: PositionServo,
  ) {}

  channel(servo: number): ServoChannel | undefined {
    if (servo >= 0 && servo < HandServo.Lid) return this.arm.joints[servo].servo;
    if (servo === HandServo.Lid) return this.lid.servo;
    if (servo === HandServo.Flag) return this.flag.servo;
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
    if (servo < HandServo.Lid) this.arm.moveJoint(this.arm.joints[servo].name, target, nowMs);
    else if (servo === HandServo.Lid) this.lid.moveTo(target, nowMs);
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
