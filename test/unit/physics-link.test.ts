// The physics steps when the firmware reads an input and when what it wrote takes effect: at the
// end of its callback, as a new LEDC duty does no sooner on the chip (it is latched at the next
// PWM period). Writes inside a callback are not seen early, and a burst of them is one step.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import type { OutputLevels } from "../../host-tools/src/sim/xs/model/world";
import { linkPhysics, type Physics } from "../../host-tools/src/sim/xs/physics-link";
import { BoardState, createVirtualDevice } from "../../host-tools/src/sim/xs/virtual-device";

const PIN = 18;

/** A physics model that records each step: the time it reached, and the pulse it saw on PIN. */
class RecordingPhysics implements Physics {
  timeMs = 0;
  readonly steps: { toMs: number; pulseUs: number }[] = [];
  advanceTo(nowMs: number, outputs: OutputLevels): void {
    if (nowMs <= this.timeMs) return;
    this.steps.push({ toMs: nowMs, pulseUs: outputs.pulseUs(PIN) });
    this.timeMs = nowMs;
  }
}

function board() {
  const state = new BoardState();
  const clock = new VirtualClock();
  // A slow chip: each callback takes 2 ms, so "when it returns" is a different time.
  clock.cost = { meter: () => 0, msPerUnit: 0, dispatchMs: 2 };
  const physics = new RecordingPhysics();
  linkPhysics(state, clock, physics);
  const io = createVirtualDevice(state, clock, {}).io;
  return { state, clock, physics, io };
}

describe("physics link", () => {
  it("takes a callback's writes when it returns, in one step, with the outputs as they were until then", () => {
    const { state, clock, physics, io } = board();
    const pwm = new io.PWM({ pin: PIN, hz: 50 });
    const full = (1 << pwm.resolution) - 1;
    physics.steps.length = 0;
    const timer = clock.repeat(() => {
      pwm.write(Math.round(full * 0.05));
      pwm.write(Math.round(full * 0.075));
      pwm.write(Math.round(full * 0.1));
    }, 20);
    clock.advance(20);
    clock.clear(timer);
    // One step, to the callback's end (20 + 2 ms), at the pulse before it: none of the three writes yet.
    expect(physics.steps).toEqual([{ toMs: 22, pulseUs: 0 }]);
    // From then on the physics sees the last write: a 2 ms pulse.
    clock.advance(10);
    state.sync?.(0);
    expect(physics.steps.at(-1)!.toMs).toBe(30);
    expect(Math.abs(physics.steps.at(-1)!.pulseUs - 2000)).toBeLessThan(10);
  });

  it("steps to a read only when the physics is older than the read allows", () => {
    const { state, clock, physics } = board();
    clock.advance(3);
    state.sync?.(5);
    expect(physics.steps).toEqual([]);
    clock.advance(3);
    state.sync?.(5);
    expect(physics.steps.map((s) => s.toMs)).toEqual([6]);
    state.sync?.(0);
    expect(physics.steps.length).toBe(1);
  });

  it("applies a change made outside any callback (a reset releasing the pins) at once", () => {
    const { state, clock, physics, io } = board();
    const pwm = new io.PWM({ pin: PIN, hz: 50 });
    const timer = clock.repeat(() => pwm.write(100), 20);
    clock.advance(25);
    clock.clear(timer);
    state.releaseAll();
    state.sync?.(0);
    const last = physics.steps.at(-1)!;
    expect(last.toMs).toBe(25);
    // The write of the callback was in effect from its end until the release at 25 ms.
    expect(last.pulseUs).toBeGreaterThan(0);
  });
});
