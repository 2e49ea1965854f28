import { afterEach, describe, expect, it } from "vitest";
import { JOINT_NAMES } from "../../firmware/board/config";
import { Mode } from "../../firmware/lander/status";
import { openTarget, waitForStatus, type HilTarget } from "./support/target";

describe("HIL: each joint sweeps within its limits", () => {
  let target: HilTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it("reaches both limits and holds there when asked to go past them", async () => {
    target = await openTarget();
    const client = await target.connect();
    await client.abort();
    await waitForStatus(client, (s) => s.mode !== Mode.Safing, 30_000);
    const refusals: string[] = [];
    client.on("string", (text) => refusals.push(text));
    await client.arm();
    const clampedBefore = (await client.status()).clamped;
    for (const [index, name] of JOINT_NAMES.entries()) {
      const joint = target.board.joints[name];
      for (const [asked, expected] of [
        [joint.maxAngle + 15, joint.maxAngle],
        [Math.max(0, joint.minAngle - 15), joint.minAngle],
        [joint.home, joint.home],
      ] as const) {
        await client.moveServo(joint.pin, asked);
        const reached = await waitForStatus(client, (s) => s.joints[index] === expected, 20_000);
        // Never past a limit, whatever was asked.
        expect(reached.joints[index]).toBeGreaterThanOrEqual(joint.minAngle);
        expect(reached.joints[index]).toBeLessThanOrEqual(joint.maxAngle);
        if (target.sim) {
          // The servo itself got there, within its deadband.
          const world = await target.sim.lander.world();
          expect(Math.abs(world.servos[name].angle - expected)).toBeLessThan(1.5);
        }
      }
    }
    const after = await client.status();
    // Two requests per joint went past a limit (the minimum one only where 15° below it is >= 0).
    const past = JOINT_NAMES.reduce((n, name) => n + 1 + (target!.board.joints[name].minAngle > 0 ? 1 : 0), 0);
    expect(after.clamped - clampedBefore).toBe(past);
    expect(refusals).toEqual([]);
  });
});
