import { Easing, ease, peakAcceleration, peakVelocity } from "./easing";

/**
 * One move of one axis from where it is to a target, shaped so that the axis's maximum speed
 * and acceleration hold. A move asked to be faster than the axis allows is stretched, never
 * sped up. Sampling a profile allocates nothing, so the control loop can call it every tick.
 */
export class MotionProfile {
  private from = 0;
  private to = 0;
  private startMs = 0;
  private durationMs = 0;
  private easing: Easing = Easing.Trapezoid;
  // Trapezoid shape, in units of the axis and milliseconds.
  private accel = 0;
  private cruise = 0;
  private rampMs = 0;

  constructor(
    private readonly maxSpeed: number,
    private readonly maxAccel: number,
    position: number,
  ) {
    this.from = position;
    this.to = position;
  }

  /** Where the axis is commanded to be at `nowMs`. */
  sample(nowMs: number): number {
    const elapsed = nowMs - this.startMs;
    if (elapsed >= this.durationMs) return this.to;
    if (elapsed <= 0) return this.from;
    const sign = this.to >= this.from ? 1 : -1;
    if (this.easing !== Easing.Trapezoid) {
      return this.from + (this.to - this.from) * ease(this.easing, elapsed / this.durationMs);
    }
    const distance = Math.abs(this.to - this.from);
    let travelled: number;
    if (elapsed < this.rampMs) {
      travelled = 0.5 * this.accel * elapsed * elapsed;
    } else if (elapsed < this.durationMs - this.rampMs) {
      travelled = 0.5 * this.accel * this.rampMs * this.rampMs + this.cruise * (elapsed - this.rampMs);
    } else {
      const left = this.durationMs - elapsed;
      travelled = distance - 0.5 * this.accel * left * left;
    }
    return this.from + sign * travelled;
  }

  get target(): number {
    return this.to;
  }

  /** When the current move ends. */
  get endMs(): number {
    return this.startMs + this.durationMs;
  }

  isDone(nowMs: number): boolean {
    return nowMs >= this.startMs + this.durationMs;
  }

  /** Jumps to a position with no profile: for outputs whose stop must be immediate (spin). */
  reset(position: number): void {
    this.from = position;
    this.to = position;
    this.durationMs = 0;
  }

  /** Stops at wherever the axis is commanded to be now. */
  hold(nowMs: number): void {
    const here = this.sample(nowMs);
    this.from = here;
    this.to = here;
    this.startMs = nowMs;
    this.durationMs = 0;
  }

  /**
   * The shortest duration, in ms, in which this axis can travel `distance` along `easing`.
   * Used to plan coordinated moves where every axis arrives together.
   */
  minimumDuration(distance: number, easing: Easing): number {
    const d = Math.abs(distance);
    if (d === 0) return 0;
    const vMax = this.maxSpeed / 1000;
    const aMax = this.maxAccel / 1_000_000;
    if (easing === Easing.Trapezoid) {
      // Triangle when the axis never reaches full speed, otherwise ramp, cruise, ramp.
      return d <= (vMax * vMax) / aMax ? 2 * Math.sqrt(d / aMax) : d / vMax + vMax / aMax;
    }
    const bySpeed = (d * peakVelocity(easing)) / vMax;
    const peakA = peakAcceleration(easing);
    const byAccel = peakA === 0 ? 0 : Math.sqrt((d * peakA) / aMax);
    return bySpeed > byAccel ? bySpeed : byAccel;
  }

  /**
   * Starts a move from the current commanded position. `durationMs` is a wish: the move
   * takes at least as long as the limits require. Returns the duration actually planned.
   */
  moveTo(target: number, nowMs: number, durationMs: number, easing: Easing): number {
    const from = this.sample(nowMs);
    const distance = Math.abs(target - from);
    const needed = this.minimumDuration(distance, easing);
    const duration = durationMs > needed ? durationMs : needed;
    this.from = from;
    this.to = target;
    this.startMs = nowMs;
    this.durationMs = duration;
    this.easing = easing;
    // Every move sets its own shape: a zero-length move (a joint that stays put while the others
    // of a pose move) must not inherit the previous move's ramps.
    this.accel = 0;
    this.cruise = 0;
    this.rampMs = 0;
    if (easing === Easing.Trapezoid && distance > 0) {
      // For a fixed duration the ramps use full acceleration and the cruise speed drops:
      // v = (aT - sqrt(a²T² - 4ad)) / 2.
      const a = this.maxAccel / 1_000_000;
      const discriminant = a * a * duration * duration - 4 * a * distance;
      const v = (a * duration - Math.sqrt(discriminant > 0 ? discriminant : 0)) / 2;
      this.accel = a;
      this.cruise = v;
      this.rampMs = v / a;
    }
    return duration;
  }
}
