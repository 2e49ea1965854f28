import type { BoardConfig, PositionServoConfig } from "../board/config";
import type { DeviceProvider } from "../platform/host";
import { Easing } from "./easing";
import { MotionProfile } from "./motion";
import { openServoPwm } from "./open";
import { ServoChannel } from "./servo";

/** Degrees per second for the lid and flag: slow enough to look deliberate on a model. */
const SPEED = 90;
const ACCEL = 360;

/** A servo with two named positions: the container lid (closed/open) or the flag (furled/raised). */
export class PositionServo {
  readonly servo: ServoChannel;
  private readonly profile: MotionProfile;

  constructor(
    device: DeviceProvider,
    board: BoardConfig,
    private readonly config: PositionServoConfig,
  ) {
    this.servo = new ServoChannel(openServoPwm(device, board, config.pin), config);
    this.profile = new MotionProfile(SPEED, ACCEL, config.home);
  }

  get angle(): number {
    return this.servo.angle;
  }

  set(open: boolean, nowMs: number): void {
    this.profile.moveTo(open ? this.config.open : this.config.closed, nowMs, 0, Easing.Trapezoid);
  }

  /** Moves to any angle; the servo channel still keeps it inside the limits. */
  moveTo(angle: number, nowMs: number): void {
    this.profile.moveTo(angle, nowMs, 0, Easing.Trapezoid);
  }

  /** Stops at the angle last written to it (Arm.hold says why not where its move has got to). */
  hold(): void {
    this.profile.reset(this.servo.angle);
  }

  isSettled(nowMs: number): boolean {
    return this.profile.isDone(nowMs);
  }

  tick(nowMs: number): void {
    this.servo.write(this.profile.sample(nowMs));
  }
}
