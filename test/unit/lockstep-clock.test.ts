import { describe, expect, it } from "vitest";
import { sleep } from "../../host-tools/src/link/host-clock";
import { LockstepClock } from "../../host-tools/src/sim/lockstep-clock";

describe("LockstepClock", () => {
  it("fires timers in time order (ties in the order set) only as far as it is moved", async () => {
    const clock = new LockstepClock(1000);
    const fired: string[] = [];
    clock.after(30, () => fired.push(`b@${clock.now()}`));
    clock.after(10, () => fired.push(`a@${clock.now()}`));
    clock.after(30, () => fired.push(`c@${clock.now()}`));
    const tick = clock.every(25, () => fired.push(`tick@${clock.now()}`));
    expect(clock.nextDueMs()).toBe(1010);
    await clock.advanceTo(1029);
    expect(fired).toEqual(["a@1010", "tick@1025"]);
    expect(clock.now()).toBe(1029);
    await clock.advanceTo(1060);
    expect(fired).toEqual(["a@1010", "tick@1025", "b@1030", "c@1030", "tick@1050"]);
    tick.cancel();
    expect(clock.nextDueMs()).toBe(Infinity);
  });

  it("lets what a timer starts run before the next fires, and a cancelled timer never fires", async () => {
    const clock = new LockstepClock(0);
    const order: string[] = [];
    const cancelled = clock.after(20, () => order.push("cancelled"));
    void sleep(clock, 10).then(() => {
      order.push("slept 10");
      cancelled.cancel();
      clock.after(5, () => order.push(`then at ${clock.now()}`));
    });
    await clock.advanceTo(100);
    expect(order).toEqual(["slept 10", "then at 15"]);
  });

  it("goes on as the wall clock once released, so a wait on a stopped simulation still ends", async () => {
    const clock = new LockstepClock(500);
    const waiting = sleep(clock, 40);
    clock.release();
    const started = performance.now();
    await waiting;
    await sleep(clock, 10);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(clock.now()).toBeGreaterThanOrEqual(550);
  });
});
