import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { EventKind } from "../../firmware/protocol/codec";
import { type Telemetry } from "../../host-tools/src/link/lander-decode";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import { openTarget, startMission, waitForStatus, type HilTarget } from "./support/target";

/** The lander's control period: latency is counted in these ticks, on the lander's own clock. */
const TICK_MS = 20;

describe("HIL: e-stop", () => {
  let target: HilTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it("stops the drill within one control tick of the command and ends safe: drill raised, arm stowed", async () => {
    target = await openTarget();
    const starter = await startMission(target);
    await waitForStatus(starter, (s) => s.phase === Phase.Drilling && s.depthMm > 10, 6 * 60_000, 5);
    // From here in real time, with telemetry every tick, so each tick's outputs are seen.
    target.setSpeed(1);
    const client = await target.connect();
    const frames: Telemetry[] = [];
    let faultAtMs = -1;
    client.on("telemetry", (t) => frames.push(t));
    const events: string[] = [];
    client.on("event", (e) => {
      events.push(`${e.nowMs}:${e.event}=${e.value}`);
      if (e.event === EventKind.Fault && e.value === Fault.EStop && faultAtMs < 0) faultAtMs = e.nowMs;
    });
    await client.setTelemetry(TICK_MS);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(frames.at(-1)?.rpm).toBeGreaterThan(0);
    await client.estop();
    await waitForStatus(client, (s) => s.mode === Mode.Safe, 60_000);
    expect(faultAtMs).toBeGreaterThanOrEqual(0);
    const stopped = frames.find((t) => t.nowMs >= faultAtMs && t.rpm === 0);
    expect(stopped).toBeDefined();
    const latencyTicks = Math.ceil((stopped!.nowMs - faultAtMs) / TICK_MS);
    expect(latencyTicks).toBeLessThanOrEqual(1);
    // The drill was still down when it stopped: it is raised before the arm moves.
    expect(stopped!.depthMm).toBeGreaterThan(0);
    const safe = await client.status();
    expect(safe.fault).toBe(Fault.EStop);
    expect(safe.depthMm).toBe(0);
    expect(safe.rpm).toBe(0);
    const stow = target.board.poses.stow!;
    expect(safe.joints).toEqual([stow.shoulder, stow.elbow, stow.wrist, stow.scoop]);
    // E-stop disarmed the lander: it will not start again until armed, and arming clears the latch.
    expect(safe.armed).toBe(false);
    await expect(client.start()).rejects.toThrow("lander refused start: not armed");
    await client.arm();
    await client.start();
    const restarted = await client.status();
    expect({ mode: restarted.mode, fault: restarted.fault, events }).toMatchObject({
      mode: Mode.Running,
      fault: Fault.None,
    });
    await client.abort();
  });
});
