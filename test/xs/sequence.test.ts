// The proof that the firmware works: the whole default sampling sequence, bundled and run in
// the real XS engine (xsnap-worker) on the virtual board, checked from the PWM trace alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOINT_NAMES, type BoardConfig, type JointName, type ServoCalibration } from "../../firmware/board/config";
import { Mode } from "../../firmware/lander/status";
import { Phase } from "../../firmware/sequence/phases";
import { defaultSequence } from "../../firmware/sequence/default-sequence";
import type { Step } from "../../firmware/sequence/steps";
import { pulseForAngle } from "../../firmware/servo/calibration";
import { loadBoard } from "../../host-tools/src/boards/load";
import { dutyAt, seriesByPin, valueForDuty, type PwmSeries } from "../../host-tools/src/sim/pwm-trace";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

const TICK_MS = 20;
/** 14-bit duty steps are about 0.1°; allow a little more. */
const ANGLE_TOLERANCE = 0.25;

/**
 * The shortest time a joint can make a move, from its limits alone: worked out here rather
 * than taken from the firmware, so a profile that cheats on speed would fail.
 */
function minimumMoveMs(distance: number, maxSpeed: number, maxAccel: number): number {
  const d = Math.abs(distance);
  return d <= (maxSpeed * maxSpeed) / maxAccel
    ? 2000 * Math.sqrt(d / maxAccel)
    : 1000 * (d / maxSpeed + maxSpeed / maxAccel);
}

function calibrationFor(board: BoardConfig, pin: number): { cal: ServoCalibration; name: string } | undefined {
  for (const name of JOINT_NAMES) if (board.joints[name].pin === pin) return { cal: board.joints[name], name };
  const d = board.drill;
  if (d.feed.pin === pin) {
    return { name: "feed", cal: { ...d.feed, minAngle: 0, maxAngle: d.feed.travelMm, home: 0 } };
  }
  if (d.spin.pin === pin) {
    return {
      name: "spin",
      cal: {
        pin,
        minUs: d.spin.stopUs,
        maxUs: d.spin.fullUs,
        minAngle: 0,
        maxAngle: d.spin.maxRpm,
        inverted: false,
        home: 0,
      },
    };
  }
  if (board.lid.pin === pin) return { cal: board.lid, name: "lid" };
  if (board.flag.pin === pin) return { cal: board.flag, name: "flag" };
  return undefined;
}

describe.each(["esp32-devkitc", "esp32-s3-devkitc-1", "xiao-esp32s3"])("default sequence in XS on %s", (boardId) => {
  const board = loadBoard(boardId);
  const steps: Step[] = defaultSequence(board);
  let lander: VirtualLander;
  let series: Map<number, PwmSeries>;
  let valueAt: (pin: number, ms: number) => number;
  let startedMs: number;
  let doneAt: number[];

  beforeAll(async () => {
    lander = await VirtualLander.boot(board);
    await lander.advance(200);
    await lander.press(board.start);
    const finished = await lander.runUntil((s) => s.mode === Mode.Complete || s.mode === Mode.Safe, 600_000, 5000);
    expect(finished).toBe(true);
    series = seriesByPin(lander.trace.pwm);
    valueAt = (pin, ms) => {
      const duty = dutyAt(series.get(pin)!, ms);
      if (duty === undefined) throw new Error(`pin ${pin} never written by ${ms} ms`);
      return valueForDuty(calibrationFor(board, pin)!.cal, duty, board.pwm.hz, board.pwm.resolution);
    };
    startedMs = lander.trace.events.find((e) => e.type === "mode" && e.value === Mode.Running)!.t;
    doneAt = lander.trace.events.filter((e) => e.type === "step").map((e) => e.t);
  });

  afterAll(() => lander?.close());

  it("completes every step and phase in order, with no fault and no clamped command", () => {
    const events = lander.trace.events;
    expect(events.filter((e) => e.type === "fault")).toEqual([]);
    expect(lander.status.mode).toBe(Mode.Complete);
    expect(doneAt).toHaveLength(steps.length);
    expect(events.filter((e) => e.type === "step").map((e) => e.value)).toEqual(steps.map((_, i) => i));
    const phases = events.filter((e) => e.type === "phase").map((e) => e.value);
    expect(phases).toEqual([
      Phase.SelfTest,
      Phase.Drilling,
      Phase.CoreTransfer,
      Phase.Scooping,
      Phase.Sealing,
      Phase.Transfer,
      Phase.Flag,
      Phase.Liftoff,
      Phase.Complete,
    ]);
    expect(lander.status.clamped).toBe(0);
    expect(lander.status.overruns).toBe(0);
  });

  it("never writes a pulse outside any output's calibrated range", () => {
    expect(series.size).toBe(8);
    for (const [pin, s] of series) {
      const { cal, name } = calibrationFor(board, pin)!;
      const lo = Math.min(cal.minUs, cal.maxUs);
      const hi = Math.max(cal.minUs, cal.maxUs);
      const step = 1e6 / board.pwm.hz / ((1 << board.pwm.resolution) - 1);
      for (const duty of s.duties) {
        const us = (duty * 1e6) / (board.pwm.hz * ((1 << board.pwm.resolution) - 1));
        expect(us, name).toBeGreaterThanOrEqual(lo - step);
        expect(us, name).toBeLessThanOrEqual(hi + step);
      }
      // And for joints, the angle never leaves the joint's limits.
      const value = (duty: number) => valueForDuty(cal, duty, board.pwm.hz, board.pwm.resolution);
      expect(Math.min(...s.duties.map(value)), name).toBeGreaterThanOrEqual(cal.minAngle - ANGLE_TOLERANCE);
      expect(Math.max(...s.duties.map(value)), name).toBeLessThanOrEqual(cal.maxAngle + ANGLE_TOLERANCE);
    }
  });

  it("moves every joint no faster than its maximum speed", () => {
    for (const name of JOINT_NAMES) {
      const { pin, maxSpeed } = board.joints[name];
      const s = series.get(pin)!;
      for (let i = 1; i < s.times.length; i++) {
        const dt = (s.times[i] - s.times[i - 1]) / 1000;
        const da = Math.abs(valueAt(pin, s.times[i]) - valueAt(pin, s.times[i - 1]));
        expect(da / dt, `${name} at ${s.times[i]} ms`).toBeLessThanOrEqual(maxSpeed * 1.02 + ANGLE_TOLERANCE / dt);
      }
    }
  });

  it("brings every joint to each commanded pose within tolerance and within the time its limits allow", () => {
    const commanded = Object.fromEntries(JOINT_NAMES.map((name) => [name, board.joints[name].home])) as Record<
      JointName,
      number
    >;
    let checked = 0;
    steps.forEach((step, index) => {
      const beganMs = index === 0 ? startedMs : doneAt[index - 1];
      const endedMs = doneAt[index];
      if (step.kind !== "pose" && step.kind !== "joint") return;
      const targets: Partial<Record<JointName, number>> =
        step.kind === "pose" ? board.poses[step.pose] : { [step.joint]: step.angle };
      let allowedMs = step.ms;
      for (const [name, target] of Object.entries(targets) as [JointName, number][]) {
        const { maxSpeed, maxAccel } = board.joints[name];
        // Sine easing needs π/2 times the speed and π²/2 times the acceleration of a straight line.
        const slack = step.easing === 2 ? Math.PI / 2 : 1;
        allowedMs = Math.max(allowedMs, minimumMoveMs(target - commanded[name], maxSpeed / slack, maxAccel / slack));
      }
      expect(endedMs - beganMs, `step ${index} (${step.kind})`).toBeLessThanOrEqual(allowedMs * 1.2 + 2 * TICK_MS);
      for (const [name, target] of Object.entries(targets) as [JointName, number][]) {
        const actual = valueAt(board.joints[name].pin, endedMs);
        expect(Math.abs(actual - target), `step ${index}: ${name} at ${endedMs} ms`).toBeLessThanOrEqual(
          ANGLE_TOLERANCE,
        );
        commanded[name] = target;
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(40);
  });

  it("drills to the target depth with the bit spinning, and ends raised and stopped", () => {
    const feed = steps.findIndex((s) => s.kind === "feed");
    const target = (steps[feed] as Extract<Step, { kind: "feed" }>).depthMm;
    const feedPin = board.drill.feed.pin;
    const spinPin = board.drill.spin.pin;
    expect(Math.abs(valueAt(feedPin, doneAt[feed]) - target)).toBeLessThanOrEqual(0.1);
    // Every write that deepened the hole happened with the bit at or above the feed speed.
    const s = series.get(feedPin)!;
    for (let i = 1; i < s.times.length; i++) {
      if (valueAt(feedPin, s.times[i]) > valueAt(feedPin, s.times[i - 1])) {
        expect(valueAt(spinPin, s.times[i])).toBeGreaterThanOrEqual(board.drill.minFeedRpm - 1);
      }
    }
    const endMs = lander.status.nowMs;
    // At rest within one duty step: about 0.1 mm of feed and 1.5 rpm of spin at 14 bits.
    const dutyStepUs = 1e6 / board.pwm.hz / ((1 << board.pwm.resolution) - 1);
    const feedStep =
      (dutyStepUs * board.drill.feed.travelMm) / Math.abs(board.drill.feed.maxUs - board.drill.feed.minUs);
    const spinStep =
      (dutyStepUs * board.drill.spin.maxRpm) / Math.abs(board.drill.spin.fullUs - board.drill.spin.stopUs);
    expect(Math.abs(valueAt(feedPin, endMs))).toBeLessThanOrEqual(feedStep);
    expect(Math.abs(valueAt(spinPin, endMs))).toBeLessThanOrEqual(spinStep);
    // Pulse at rest is the ESC's stop pulse, so a real motor really stops.
    expect(pulseForAngle(calibrationFor(board, spinPin)!.cal, 0)).toBe(board.drill.spin.stopUs);
  });

  it("raises the flag and fires the ascender engine during liftoff only", () => {
    const flagEnd = valueAt(board.flag.pin, lander.status.nowMs);
    expect(flagEnd).toBeCloseTo(board.flag.open, 0);
    const on = board.ascender.activeLevel;
    const writes: [number, number][] = [];
    for (let i = 0; i < lander.trace.digital.length; i += 3) {
      if (lander.trace.digital[i + 1] === board.ascender.pin)
        writes.push([lander.trace.digital[i], lander.trace.digital[i + 2]]);
    }
    const lit = writes.filter(([, level]) => level === on).map(([t]) => t);
    expect(lit).toHaveLength(1);
    const liftoff = lander.trace.events.find((e) => e.type === "phase" && e.value === Phase.Liftoff)!.t;
    expect(lit[0]).toBeGreaterThanOrEqual(liftoff);
    expect(writes.at(-1)![1]).not.toBe(on);
  });
});
