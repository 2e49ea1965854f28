// The battery sense on the firmware in XS, through the virtual ADC's real 2.45 V full scale:
// a full pack reads as itself, and a low one fails the self-test.
import { describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { loadBoard } from "../../host-tools/src/boards/load";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

const board = loadBoard("esp32-devkitc");

describe("battery sense, in XS", () => {
  it("reads a full 8.4 V pack without clipping", async () => {
    const lander = await VirtualLander.boot(board, { batteryVolts: 8.4 });
    try {
      await lander.advance(500);
      // With the old divider of 3 the pin would be at 2.8 V, past full scale: 7.35 V at most.
      expect(lander.status.batteryVolts).toBeGreaterThan(8.2);
      expect(lander.status.batteryVolts).toBeLessThan(8.5);
    } finally {
      lander.close();
    }
  });

  it("fails the self-test on a low battery, and moves nothing", async () => {
    const lander = await VirtualLander.boot(board, { batteryVolts: 6.0 });
    try {
      await lander.advance(200);
      await lander.press(board.start);
      expect(await lander.runUntil((s) => s.fault !== Fault.None, 10_000, 100)).toBe(true);
      expect(lander.trace.events.filter((e) => e.type === "fault").map((e) => e.value)).toEqual([Fault.SelfTest]);
      expect(await lander.runUntil((s) => s.mode === Mode.Safe, 30_000, 500)).toBe(true);
      expect(lander.trace.events.filter((e) => e.type === "step")).toEqual([]);
    } finally {
      lander.close();
    }
  });
});
