import { describe, expect, it } from "vitest";
import { Easing } from "../../firmware/servo/easing";
import { MotionProfile } from "../../firmware/servo/motion";

/** Samples a move every millisecond and returns its peak speed (units/s) and acceleration (units/s²). */
function peaks(profile: MotionProfile, startMs: number, endMs: number): { speed: number; accel: number } {
  let speed = 0;
  let accel = 0;
  let previous = profile.sample(startMs);
  let previousV = 0;
  for (let t = startMs + 1; t <= endMs + 1; t++) {
    const p = profile.sample(t);
    const v = (p - previous) * 1000;
    speed = Math.max(speed, Math.abs(v));
    accel = Math.max(accel, Math.abs(v - previousV) * 1000);
    previous = p;
    previousV = v;
  }
  return { speed, accel };
}

describe("MotionProfile", () => {
  it("starts where it was, ends exactly on target, and takes the time it planned", () => {
    const profile = new MotionProfile(60, 120, 20);
    const duration = profile.moveTo(160, 1000, 0, Easing.Trapezoid);
    expect(profile.sample(1000)).toBe(20);
    expect(profile.sample(1000 + duration)).toBe(160);
    expect(profile.isDone(1000 + duration - 1)).toBe(false);
    expect(profile.isDone(1000 + duration)).toBe(true);
    // 140° at 60°/s with 120°/s² ramps: 140/60 + 60/120 s.
    expect(duration).toBeCloseTo((140 / 60 + 0.5) * 1000, 6);
  });

  it("keeps to the axis's speed and acceleration for every easing", () => {
    for (const easing of [Easing.Trapezoid, Easing.Sine, Easing.Cubic]) {
      const profile = new MotionProfile(60, 120, 0);
      const duration = profile.moveTo(100, 0, 0, easing);
      const { speed, accel } = peaks(profile, 0, duration);
      expect(speed, `easing ${easing}`).toBeLessThanOrEqual(60 * 1.01);
      // One-millisecond differences overshoot the true peak a little at the ramp joins.
      expect(accel, `easing ${easing}`).toBeLessThanOrEqual(120 * 1.05 + 1);
    }
  });

  it("stretches a move asked to be too fast, and honours one asked to be slower", () => {
    const profile = new MotionProfile(60, 120, 0);
    expect(profile.moveTo(90, 0, 100, Easing.Trapezoid)).toBeGreaterThan(1500);
    const slow = new MotionProfile(60, 120, 0);
    expect(slow.moveTo(90, 0, 10_000, Easing.Trapezoid)).toBe(10_000);
    expect(peaks(slow, 0, 10_000).speed).toBeLessThan(60);
    expect(slow.sample(5000)).toBeCloseTo(45, 6);
  });

  it("uses a triangle profile for a short move that never reaches full speed", () => {
    const profile = new MotionProfile(60, 120, 0);
    const duration = profile.moveTo(10, 0, 0, Easing.Trapezoid);
    expect(duration).toBeCloseTo(2 * Math.sqrt(10 / 120) * 1000, 6);
    expect(profile.sample(duration / 2)).toBeCloseTo(5, 6);
  });

  it("holds where it is commanded to be, and moves again from there", () => {
    const profile = new MotionProfile(60, 120, 0);
    profile.moveTo(100, 0, 0, Easing.Trapezoid);
    const here = profile.sample(1000);
    profile.hold(1000);
    expect(profile.sample(5000)).toBe(here);
    profile.moveTo(0, 5000, 0, Easing.Linear);
    expect(profile.sample(5000)).toBe(here);
  });

  it("stays put through a zero-length move stretched to another joint's duration", () => {
    const profile = new MotionProfile(60, 120, 0);
    profile.moveTo(90, 0, 0, Easing.Trapezoid);
    profile.moveTo(90, 10_000, 4000, Easing.Trapezoid);
    for (let t = 10_000; t <= 14_000; t += 100) expect(profile.sample(t)).toBe(90);
  });

  it("a linear move is limited by speed alone", () => {
    const profile = new MotionProfile(8, 8000, 0);
    expect(profile.moveTo(64, 0, 0, Easing.Linear)).toBeCloseTo(8000, 6);
    expect(profile.sample(4000)).toBeCloseTo(32, 6);
  });
});
