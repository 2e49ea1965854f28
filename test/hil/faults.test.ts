// Each fault the simulator can inject must end with the lander in its safe state (drill stopped
// and raised, arm stowed) and the right fault reported. Only the simulator can break things on
// demand, so on a real board these are skipped, saying so.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { ResetReason } from "../../firmware/protocol/codec";
import { type Telemetry } from "../../host-tools/src/link/lander-decode";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import { SIM_ONLY, onRealBoard, openTarget, startMission, waitForStatus, type HilTarget } from "./support/target";

const LIMIT_MS = 6 * 60_000;

describe.skipIf(onRealBoard)(`HIL: injected faults end safe ${SIM_ONLY}`, () => {
  let target: HilTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  function expectSafe(status: Telemetry, fault: Fault): void {
    expect(status.mode).toBe(Mode.Safe);
    expect(status.fault).toBe(fault);
    expect(status.rpm).toBe(0);
    expect(status.depthMm).toBe(0);
    // Every fault, and every reset, leaves it disarmed: nothing moves again until a host arms it.
    expect(status.armed).toBe(false);
  }

  it("a servo jammed during the scoops is found by its stall current: servo-jam", async () => {
    target = await openTarget();
    const client = await startMission(target);
    await waitForStatus(client, (s) => s.phase === Phase.Scooping, LIMIT_MS, 5);
    await target.sim!.lander.jam("elbow");
    const end = await waitForStatus(client, (s) => s.mode === Mode.Safe, LIMIT_MS, 5);
    expectSafe(end, Fault.ServoJam);
  });

  it("a drill bit seized in the ground stalls three times and gives up: drill-stall", async () => {
    target = await openTarget();
    const client = await startMission(target);
    await waitForStatus(client, (s) => s.phase === Phase.Drilling && s.depthMm > 10, LIMIT_MS, 5);
    await target.sim!.lander.seizeDrill();
    const end = await waitForStatus(client, (s) => s.mode === Mode.Safe, LIMIT_MS, 5);
    expectSafe(end, Fault.DrillStall);
    expect((await target.sim!.lander.world()).drill.seized).toBe(true);
  });

  it("a rock layer fed too fast stalls the drill, which backs off, slows down and gets through", async () => {
    target = await openTarget();
    const client = await startMission(target);
    await waitForStatus(client, (s) => s.phase === Phase.Drilling, LIMIT_MS, 5);
    // Slow enough that polling sees the load peak, which lasts a fifth of a second of lander time.
    target.setSpeed(10);
    let peakLoad = 0;
    const after = await waitForStatus(
      client,
      (s) => {
        peakLoad = Math.max(peakLoad, s.loadAmps);
        return s.phase > Phase.Drilling || s.mode !== Mode.Running;
      },
      LIMIT_MS,
      2,
    );
    expect(after.fault).toBe(Fault.None);
    expect(peakLoad).toBeGreaterThan(target.board.drill.load!.stallAmps);
  });

  it("a brownout in the middle of a phase resets the lander, which comes up safe: interrupted", async () => {
    target = await openTarget();
    const client = await startMission(target);
    await waitForStatus(client, (s) => s.phase === Phase.Scooping, LIMIT_MS, 5);
    await target.sim!.lander.reset("brownout");
    const end = await waitForStatus(client, (s) => s.mode === Mode.Safe, LIMIT_MS, 5);
    expectSafe(end, Fault.Interrupted);
    const stow = target.board.poses.stow!;
    expect(end.joints).toEqual([stow.shoulder, stow.elbow, stow.wrist, stow.scoop]);
    const session = await target.connect();
    expect(session.info?.resetReason).toBe(ResetReason.Brownout);
  });

  it("a tired battery sags under a stalled drill until the chip browns out by itself", async () => {
    target = await openTarget();
    const client = await startMission(target);
    await waitForStatus(client, (s) => s.phase === Phase.Drilling && s.depthMm > 10, LIMIT_MS, 5);
    // Enough to drill on, not enough for a stalled motor's 2.5 A through the pack's resistance.
    await target.sim!.lander.setBattery(5.4);
    await target.sim!.lander.seizeDrill();
    const end = await waitForStatus(client, (s) => s.fault === Fault.Interrupted && s.mode === Mode.Safe, LIMIT_MS, 5);
    expectSafe(end, Fault.Interrupted);
    const session = await target.connect();
    expect(session.info?.resetReason).toBe(ResetReason.Brownout);
  });

  it("a host that vanishes mid-session (cable pulled) is a lost host after its timeout", async () => {
    target = await openTarget();
    const starter = await startMission(target);
    await waitForStatus(starter, (s) => s.phase === Phase.Drilling, LIMIT_MS, 5);
    target.setSpeed(1);
    await target.connect({ watch: true });
    await target.sim!.lander.disconnect(true);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    target.setSpeed(Infinity);
    await target.sim!.lander.disconnect(false);
    const end = await waitForStatus(starter, (s) => s.mode === Mode.Safe, LIMIT_MS, 5);
    expectSafe(end, Fault.LostHost);
  });

  it("a noisy link (lost and corrupted bytes) costs retries, not the session; the lander resyncs", async () => {
    target = await openTarget({ speed: 1 });
    const client = await target.connect({ timeoutMs: 100, attempts: 12, watch: true });
    // One byte in a hundred, each way: a status reply of about 50 bytes gets through half the time.
    await target.sim!.lander.linkFaults(0.005, 0.005);
    for (let i = 0; i < 60; i++) await client.status();
    await target.sim!.lander.linkFaults(0, 0);
    const status = await client.status();
    expect(status.fault).toBe(Fault.None);
    expect(status.hostWatched).toBe(true);
    expect(target.sim!.lander.status.linkFaulted).toBeGreaterThan(10);
  });
});
