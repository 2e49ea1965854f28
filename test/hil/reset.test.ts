import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { ResetReason } from "../../firmware/protocol/codec";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import {
  SIM_ONLY,
  atRest,
  onRealBoard,
  openTarget,
  startMission,
  waitForStatus,
  type HilTarget,
} from "./support/target";

describe("HIL: reset recovery", () => {
  let target: HilTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it.skipIf(onRealBoard)(
    `a brownout mid-drill comes back safe with its checkpoint, and the mission continues to the end ${SIM_ONLY}`,
    async () => {
      target = await openTarget();
      const sim = target.sim!;
      const client = await startMission(target);
      const said: string[] = [];
      client.on("string", (text) => said.push(text));
      await waitForStatus(client, (s) => s.phase === Phase.Drilling && s.depthMm > 20, 60_000, 5);
      // Real time from here, so the step seen is still the step when the brownout hits.
      target.setSpeed(1);
      const drilling = await client.status();
      await sim.lander.reset("brownout");
      // The lander is gone for its boot time; the client's retries carry the next query over it.
      const back = await waitForStatus(client, (s) => s.mode === Mode.Safe, 60_000);
      expect(back.fault).toBe(Fault.Interrupted);
      // Anyone listening on the port was told, session or not.
      expect(said).toContain(`reset (brownout) at step ${drilling.step}: safe, send Continue`);
      expect(back.depthMm).toBe(0);
      expect(back.rpm).toBe(0);
      // The checkpoint holds where the last finished step left the drill, not where the bit was
      // mid-feed: the feed servo carries the bit up at its own speed after the lander calls it safe.
      await expect.poll(async () => (await sim.lander.world()).drill.feedMm, { timeout: 10_000 }).toBeLessThan(1);
      expect((await sim.lander.world()).drill.rpm).toBeLessThan(1);

      const session = await target.connect();
      expect(session.info?.resetReason).toBe(ResetReason.Brownout);
      // Steps done when the brownout hit: selftest, two poses, spin, wait (it was feeding).
      expect(session.info?.checkpoint).toBe(drilling.step);
      // The reset disarmed it: nothing goes on until a host arms it again.
      expect((await session.status()).armed).toBe(false);
      await expect(session.continueMission()).rejects.toThrow("not armed");
      await session.arm();
      await session.continueMission();
      const resumed = await session.status();
      expect(resumed.mode).toBe(Mode.Running);
      // Continuing redoes the drilling phase from its first step: spin up before feeding.
      expect(resumed.phase).toBe(Phase.Drilling);
      expect(resumed.step).toBeLessThan(drilling.step);
      target.setSpeed(Infinity);
      await session.endSession();
      const end = await waitForStatus(session, (s) => atRest(s), 6 * 60_000, 5);
      expect(end.mode).toBe(Mode.Complete);
      const after = await target.connect();
      expect(after.info?.checkpoint).toBeUndefined();
    },
  );

  it("a Firmata system reset stops everything and leaves the lander safe, reporting why", async () => {
    target = await openTarget();
    const client = await startMission(target);
    await waitForStatus(client, (s) => s.phase === Phase.Drilling && s.depthMm > 5, 6 * 60_000, 5);
    await client.systemReset();
    const safe = await waitForStatus(client, (s) => s.mode === Mode.Safe, 60_000);
    expect(safe.depthMm).toBe(0);
    const session = await target.connect();
    expect(session.info?.resetReason).toBe(ResetReason.SystemReset);
  });
});
