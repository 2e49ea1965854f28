import type { JointConfig, JointName } from "../board/config";
import type { Easing } from "../servo/easing";
import { MotionProfile } from "../servo/motion";
import type { ServoChannel } from "../servo/servo";

/** One arm joint: a servo channel driven along a motion profile within the joint's limits. */
export class Joint {
  readonly profile: MotionProfile;

  constructor(
    readonly name: JointName,
    readonly servo: ServoChannel,
    readonly config: JointConfig,
  ) {
    this.profile = new MotionProfile(config.maxSpeed, config.maxAccel, config.home);
  }

  get angle(): number {
    return this.servo.angle;
  }

  minimumDuration(target: number, nowMs: number, easing: Easing): number {
    return this.profile.minimumDuration(target - this.profile.sample(nowMs), easing);
  }

  moveTo(target: number, nowMs: number, durationMs: number, easing: Easing): number {
    return this.profile.moveTo(target, nowMs, durationMs, easing);
  }

  tick(nowMs: number): void {
    this.servo.write(this.profile.sample(nowMs));
  }
}
