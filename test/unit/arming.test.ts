import { describe, expect, it } from "vitest";
import { Arming } from "../../firmware/safety/arming";

describe("arming", () => {
  it("reports only changes, and a long silence disarms while anything heard keeps it armed", () => {
    const changes: [boolean, number][] = [];
    const arming = new Arming(1000, (armed, nowMs) => changes.push([armed, nowMs]));
    expect(arming.isArmed).toBe(false);
    arming.disarm(0);
    arming.arm(100);
    arming.arm(150);
    arming.heard(1000);
    arming.checkIdle(1900);
    expect(arming.isArmed).toBe(true);
    arming.checkIdle(2001);
    expect(arming.isArmed).toBe(false);
    arming.checkIdle(5000);
    expect(changes).toEqual([
      [true, 100],
      [false, 2001],
    ]);
  });
});
