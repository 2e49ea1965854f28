import { JOINT_NAMES, type BoardConfig, type JointName } from "../board/config";
import type { DeviceProvider } from "../platform/host";
import { Easing } from "../servo/easing";
import { openServoPwm } from "../servo/open";
import { ServoChannel } from "../servo/servo";
import { Joint } from "./joint";

/** Poses every board file must define: the default sequence and the safe state use them. */
export const REQUIRED_POSES = Object.freeze(["stow", "ready", "drill", "container", "ascender", "site1"] as const);

/** The four-joint sampling arm. Moves to named poses with every joint arriving together. */
export class Arm {
  readonly joints: readonly Joint[];
  private readonly poses: BoardConfig["poses"];
  private settleAtMs = 0;

  constructor(device: DeviceProvider, board: BoardConfig) {
    this.poses = board.poses;
    this.joints = JOINT_NAMES.map((name) => {
      const config = board.joints[name];
      return new Joint(name, new ServoChannel(openServoPwm(device, board, config.pin), config), config);
    });
  }

  joint(name: JointName): Joint {
    return this.joints[JOINT_NAMES.indexOf(name)];
  }

  hasPose(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.poses, name);
  }

  /** Starts a coordinated move; returns its planned duration in ms, or -1 for an unknown pose. */
  moveToPose(name: string, nowMs: number, durationMs = 0, easing: Easing = Easing.Trapezoid): number {
    if (!this.hasPose(name)) return -1;
    const pose = this.poses[name];
    let duration = durationMs;
    for (const joint of this.joints) {
      const needed = joint.minimumDuration(pose[joint.name], nowMs, easing);
      if (needed > duration) duration = needed;
    }
    for (const joint of this.joints) joint.moveTo(pose[joint.name], nowMs, duration, easing);
    this.settleAtMs = nowMs + duration;
    return duration;
  }

  /** The largest distance any joint travels to reach a pose, in degrees; -1 for an unknown pose. */
  poseTravel(name: string, nowMs: number): number {
    if (!this.hasPose(name)) return -1;
    const pose = this.poses[name];
    let travel = 0;
    for (let i = 0; i < this.joints.length; i++) {
      const joint = this.joints[i];
      const distance = Math.abs(pose[joint.name] - joint.profile.sample(nowMs));
      if (distance > travel) travel = distance;
    }
    return travel;
  }

  moveJoint(name: JointName, angle: number, nowMs: number, durationMs = 0, easing: Easing = Easing.Trapezoid): number {
    const duration = this.joint(name).moveTo(angle, nowMs, durationMs, easing);
    const end = nowMs + duration;
    if (end > this.settleAtMs) this.settleAtMs = end;
    return duration;
  }

  isSettled(nowMs: number): boolean {
    return nowMs >= this.settleAtMs;
  }

  /**
   * Freezes every joint at the angle last written to it: not where its move would have got to
   * by now, which is further on, so a stop between ticks would still move it on a little.
   */
  hold(nowMs: number): void {
    for (let i = 0; i < this.joints.length; i++) this.joints[i].profile.reset(this.joints[i].angle);
    this.settleAtMs = nowMs;
  }

  // Indexed loops on the tick path, the length read once: for-of allocates an iterator in XS
  // on every call, and an array's length is a call to a host getter.
  tick(nowMs: number): void {
    const joints = this.joints;
    for (let i = 0, count = joints.length; i < count; i++) joints[i].tick(nowMs);
  }

  /** Limit clamps across all joints since boot. */
  get clamped(): number {
    const joints = this.joints;
    let total = 0;
    for (let i = 0, count = joints.length; i < count; i++) total += joints[i].servo.clamped;
    return total;
  }
}
