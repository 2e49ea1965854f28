// The safety model test's checker: it reads the virtual board's PWM record and the lander's
// events after each step and fails on anything that breaks what must always hold (see
// test/xs/safety-model.test.ts for the list).
import { expect } from "vitest";
import { JOINT_NAMES, type BoardConfig, type ServoCalibration } from "../../../firmware/board/config";
import { Mode } from "../../../firmware/lander/status";
import { CHIP_RESET_PIN, type SimEvent } from "../../../host-tools/src/sim/protocol";
import type { SimLink } from "../../support/sim-link";

/** The control period: a write may trail the event that allowed it by one tick. */
export const TICK_MS = 20;

interface MotionPin {
  readonly name: string;
  readonly minUs: number;
  readonly maxUs: number;
  /** For arm joints: the calibration and degrees per second, to check speed. */
  readonly joint?: { readonly calibration: ServoCalibration; readonly maxSpeed: number };
}

function motionPins(b: BoardConfig): Map<number, MotionPin> {
  const pins = new Map<number, MotionPin>();
  for (const name of JOINT_NAMES) {
    const j = b.joints[name];
    pins.set(j.pin, { name, minUs: j.minUs, maxUs: j.maxUs, joint: { calibration: j, maxSpeed: j.maxSpeed } });
  }
  pins.set(b.lid.pin, { name: "lid", minUs: b.lid.minUs, maxUs: b.lid.maxUs });
  pins.set(b.flag.pin, { name: "flag", minUs: b.flag.minUs, maxUs: b.flag.maxUs });
  const { spin, feed } = b.drill;
  pins.set(spin.pin, {
    name: "spin",
    minUs: Math.min(spin.stopUs, spin.fullUs),
    maxUs: Math.max(spin.stopUs, spin.fullUs),
  });
  pins.set(feed.pin, {
    name: "feed",
    minUs: Math.min(feed.minUs, feed.maxUs),
    maxUs: Math.max(feed.minUs, feed.maxUs),
  });
  return pins;
}

function angleOf(cal: ServoCalibration, us: number): number {
  let fraction = (us - cal.minUs) / (cal.maxUs - cal.minUs);
  if (cal.inverted) fraction = 1 - fraction;
  return cal.minAngle + fraction * (cal.maxAngle - cal.minAngle);
}

/** What the checker knows of the lander between steps, and how far into the record it has read. */
export class Checker {
  private readonly motion: Map<number, MotionPin>;
  private readonly usPerCount: number;
  private pwmAt = 0;
  private eventAt = 0;
  private armed = false;
  private mode: number = Mode.Idle;
  /** Per pin: its last write (ms, µs) and, while the safe state runs disarmed, its direction. */
  private readonly last = new Map<number, { ms: number; us: number }>();
  private readonly direction = new Map<number, number>();
  /**
   * When the safe state last ended. A tick reports its mode at its start and writes its outputs
   * at its end, so the tick that ends the safe state writes its last moves after it says Safe.
   */
  private safingEndedAt = -Infinity;
  /** An acknowledged stop since the last start: nothing may set the lander running by itself. */
  private stopped = false;

  constructor(
    private readonly link: SimLink,
    board: BoardConfig,
  ) {
    this.motion = motionPins(board);
    this.usPerCount = 1_000_000 / (board.pwm.hz * ((1 << board.pwm.resolution) - 1));
  }

  /** A stop was acknowledged (or, for SYSTEM_RESET and the switch, delivered). */
  stop(): void {
    this.stopped = true;
  }

  /** Something that may start the lander was sent or pressed. */
  started(): void {
    this.stopped = false;
  }

  /** Reads the record since the last check and fails on anything that broke an invariant. */
  check(): void {
    const { pwm, events } = this.link.lander.trace;
    const news: SimEvent[] = events.slice(this.eventAt);
    this.eventAt = events.length;
    let e = 0;
    for (; this.pwmAt < pwm.length; this.pwmAt += 3) {
      const ms = pwm[this.pwmAt]!;
      const pin = pwm[this.pwmAt + 1]!;
      const duty = pwm[this.pwmAt + 2]!;
      if (pin === CHIP_RESET_PIN) {
        // Every event up to the reset came before it; after it, a new boot's ms start from zero.
        for (; e < news.length; e++) {
          this.apply(news[e]!);
          if (news[e]!.type === "reset") {
            e++;
            break;
          }
        }
        this.rebooted();
        continue;
      }
      // The state at the write: every event of this boot before it, and those at its very ms.
      const thisBoot = (i: number): boolean => i < news.length && news[i]!.type !== "reset";
      for (; thisBoot(e) && news[e]!.t < ms; e++) this.apply(news[e]!);
      const before = this.safeToMove();
      let tied = e;
      for (; thisBoot(tied) && news[tied]!.t === ms; tied++) this.apply(news[tied]!);
      e = tied;
      const motion = this.motion.get(pin);
      if (!motion) continue;
      const us = duty * this.usPerCount;
      // A pulse within the calibration, or none at all (a channel just opened, or a reset).
      if (duty !== 0) {
        expect(us, `${motion.name} pulse`).toBeGreaterThanOrEqual(motion.minUs - 2);
        expect(us, `${motion.name} pulse`).toBeLessThanOrEqual(motion.maxUs + 2);
      }
      const previous = this.last.get(pin);
      if (motion.joint && previous && duty !== 0 && previous.us !== 0) {
        const moved = Math.abs(angleOf(motion.joint.calibration, us) - angleOf(motion.joint.calibration, previous.us));
        const allowed = (motion.joint.maxSpeed * (ms - previous.ms + TICK_MS)) / 1000 + 1;
        expect(moved, `${motion.name} moved ${moved.toFixed(1)}° in ${ms - previous.ms} ms`).toBeLessThanOrEqual(
          allowed,
        );
      }
      // A servo's first pulse (its channel just opened, at boot) holds it where it rests: not a move.
      const moves = previous !== undefined && previous.us !== 0 && previous.us !== us;
      if (moves && !before && !this.safeToMove()) {
        const safing = this.mode === Mode.Safing || ms - this.safingEndedAt < TICK_MS;
        if (!safing) {
          throw new Error(`${motion.name} written at ${ms} ms while disarmed and not getting safe`);
        }
        // Getting safe while disarmed: each pin keeps one direction.
        const sign = Math.sign(us - previous.us);
        const kept = this.direction.get(pin);
        if (kept !== undefined && kept !== sign) {
          throw new Error(`${motion.name} turned back at ${ms} ms while the disarmed lander got safe`);
        }
        this.direction.set(pin, sign);
      }
      this.last.set(pin, { ms, us });
    }
    for (; e < news.length; e++) this.apply(news[e]!);
  }

  /**
   * The chip reset: it comes up disarmed with no pulses (a servo's first pulse after boot is
   * where it rests, not a move), and it must not set itself running: a reset is a stop.
   */
  private rebooted(): void {
    this.armed = false;
    this.mode = Mode.Idle;
    this.last.clear();
    this.direction.clear();
    this.safingEndedAt = -Infinity;
    this.stopped = true;
  }

  private safeToMove(): boolean {
    return this.armed;
  }

  private apply(event: SimEvent): void {
    if (event.type === "armed") this.armed = event.value === 1;
    if (event.type === "mode" && event.value === Mode.Running && this.stopped) {
      throw new Error(`the lander set itself running at ${event.t} ms after an acknowledged stop`);
    }
    if (event.type === "mode") {
      // Leaving the safe state, its directions still judge the last writes of that tick.
      if (this.mode === Mode.Safing && event.value !== Mode.Safing) this.safingEndedAt = event.t;
      else this.direction.clear();
      this.mode = event.value;
    }
  }
}
