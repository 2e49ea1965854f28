// The physics steps on the PWM period grid: what the firmware writes takes effect at the next
// period boundary, as a new LEDC duty does on the chip (latched at the next period), and an
// input read sees the world as it was at the current period's start. A reset acts at once.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import type { OutputLevels } from "../../host-tools/src/sim/xs/model/world";
import { linkPhysics, PWM_PERIOD_MS, type Physics } from "../../host-tools/src/sim/xs/physics-link";
import { BoardState } from "../../host-tools/src/sim/xs/board-state";
import { createVirtualDevice } from "../../host-tools/src/sim/xs/virtual-device";

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
  clock.cost = { takeMeter: () => 0, taken: { units: 0 }, msPerUnit: 0, dispatchMs: 2 };
  const physics = new RecordingPhysics();
  linkPhysics(state, clock, physics);
  const io = createVirtualDevice(state, clock, {}).io;
  return { state, clock, physics, io };
}

describe("physics link", () => {
  it("latches a callback's writes at the next PWM period: the last write wins, nothing reaches the pins sooner", () => {
    const { state, clock, physics, io } = board();
    expect(PWM_PERIOD_MS).toBe(20);
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
    // The callback ran 20 to 22 ms; nothing has looked at the world since.
    expect(physics.steps).toEqual([]);
    clock.advance(25);
    state.sync?.();
    // Up to 40 is still the period the writes were made in: no pulse yet.
    expect(physics.steps).toEqual([{ toMs: 40, pulseUs: 0 }]);
    clock.advance(20);
    state.sync?.();
    // From 40 the last write, a 2 ms pulse, is on the pin.
    expect(physics.steps.at(-1)!.toMs).toBe(60);
    expect(Math.abs(physics.steps.at(-1)!.pulseUs - 2000)).toBeLessThan(10);
  });

  it("keeps each period's writes apart when nothing looks at the world between them", () => {
    const { state, clock, physics, io } = board();
    const pwm = new io.PWM({ pin: PIN, hz: 50 });
    const full = (1 << pwm.resolution) - 1;
    const duties = [0.05, 0.1];
    let call = 0;
    const timer = clock.repeat(() => pwm.write(Math.round(full * (duties[call++] ?? 0.1))), 25);
    // Writes at 25 (on the pins from 40) and at 50 (from 60); the world is first looked at at 70.
    clock.advance(70);
    clock.clear(timer);
    state.sync?.();
    const pulses = physics.steps.map((s) => ({ toMs: s.toMs, pulseUs: Math.round(s.pulseUs / 100) * 100 }));
    expect(pulses).toEqual([
      { toMs: 40, pulseUs: 0 },
      { toMs: 60, pulseUs: 1000 },
    ]);
    clock.advance(20);
    state.sync?.();
    expect(Math.round(physics.steps.at(-1)!.pulseUs / 100) * 100).toBe(2000);
  });

  it("shows a read the world at the start of its period: one step a period, however many reads", () => {
    const { state, clock, physics } = board();
    clock.advance(3);
    state.sync?.();
    expect(physics.steps).toEqual([]);
    clock.advance(17);
    state.sync?.();
    state.sync?.();
    clock.advance(19);
    state.sync?.();
    expect(physics.steps.map((s) => s.toMs)).toEqual([20]);
    clock.advance(1);
    state.sync?.();
    expect(physics.steps.map((s) => s.toMs)).toEqual([20, 40]);
  });

  it("releases the pins at once on a reset, and a write still waiting for its period never reaches them", () => {
    const { state, clock, physics, io } = board();
    const pwm = new io.PWM({ pin: PIN, hz: 50 });
    const timer = clock.repeat(() => pwm.write(100), 20);
    clock.advance(45);
    clock.clear(timer);
    // Written at 20 (on from 40) and at 40 (waiting for 60).
    state.releaseAll();
    expect(physics.steps.at(-1)).toEqual({ toMs: 45, pulseUs: expect.any(Number) as number });
    expect(physics.steps.at(-1)!.pulseUs).toBeGreaterThan(0);
    clock.advance(40);
    state.sync?.();
    expect(physics.steps.at(-1)!.toMs).toBe(80);
    expect(physics.steps.filter((s) => s.toMs > 45).every((s) => s.pulseUs === 0)).toBe(true);
  });
});
