// LockstepSimulator's pace: as fast as the engine at max, and after setSpeed(1) never ahead of
// the wall clock, yet moving (a run that keeps serving its dashboard goes on in real time).
import { describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { LockstepSimulator } from "../../host-tools/src/sim/lockstep-simulator";

describe("LockstepSimulator", () => {
  it("runs at max, then in real time from the moment its speed is set to 1", async () => {
    const sim = await LockstepSimulator.start(loadBoard("esp32-devkitc"));
    const client = new LanderClient(sim.transport, { clock: sim.clock });
    try {
      await client.connect({ watch: false });
      await client.setTelemetry(200);
      const wallStart = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Far more lander time than wall time went by at max.
      expect(sim.lander.simMs).toBeGreaterThan(5 * (performance.now() - wallStart));
      sim.setSpeed(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fromSim = sim.lander.simMs;
      const fromWall = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 600));
      const movedMs = sim.lander.simMs - fromSim;
      // Never more than a paced step (20 ms) ahead of the wall clock; a busy machine only slows it.
      expect(movedMs).toBeLessThanOrEqual(performance.now() - fromWall + 25);
      expect(movedMs).toBeGreaterThan(150);
    } finally {
      await client.close();
      await sim.stop();
    }
  });
});
