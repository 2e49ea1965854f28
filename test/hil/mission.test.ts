import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import { EventKind } from "../../firmware/protocol/codec";
import { atRest, openTarget, startMission, waitForStatus, type HilTarget } from "./support/target";

/** A whole mission takes about three minutes of lander time; a real board needs that in wall time. */
const MISSION_LIMIT_MS = 6 * 60_000;

describe("HIL: drill cycle and the full default mission", () => {
  let target: HilTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it("drills: spins up, feeds down through the layers, and is raised and stopped before the core moves", async () => {
    target = await openTarget();
    // Core transfer lasts seconds of lander time, which full speed can pass between two status
    // polls when this machine is busy: the simulator slows to real time as the phase begins.
    const sim = target.sim;
    sim?.onEvent((event) => {
      if (event.type === "phase" && event.value === Phase.CoreTransfer) sim.setSpeed(1);
    });
    const client = await startMission(target);
    let deepest = 0;
    let fastest = 0;
    const transfer = await waitForStatus(
      client,
      (s) => {
        deepest = Math.max(deepest, s.depthMm);
        fastest = Math.max(fastest, s.rpm);
        return s.phase >= Phase.CoreTransfer || atRest(s);
      },
      MISSION_LIMIT_MS,
      5,
    );
    expect(transfer.phase).toBe(Phase.CoreTransfer);
    expect(transfer.fault).toBe(Fault.None);
    const travel = target.board.drill.feed.travelMm;
    expect(deepest).toBeGreaterThan(travel * 0.5);
    expect(deepest).toBeLessThanOrEqual(travel);
    expect(fastest).toBeGreaterThanOrEqual(target.board.drill.minFeedRpm);
    expect(transfer.depthMm).toBe(0);
    expect(transfer.rpm).toBe(0);
    if (target.sim) {
      const world = await target.sim.lander.world();
      expect(world.drill.feedMm).toBeLessThan(1);
      // The bit went through the regolith, rock included, and brought up a core.
      expect(world.samples.coreMm).toBeGreaterThan(0);
      const rock = world.layers.find((layer) => layer.name === "rock")!;
      expect(deepest - 5).toBeGreaterThan(rock.bottomMm);
    }
    await client.abort();
  });

  it("runs the default mission from start to liftoff and ends complete", async () => {
    target = await openTarget();
    // Phases from the lander's events, not from polling: at full speed a five-second phase can
    // pass between two status queries. The session is not watched, so the lander runs alone.
    const client = await target.connect();
    const phases = new Set<number>();
    client.on("event", (e) => {
      if (e.event === EventKind.PhaseEntered) phases.add(e.value);
    });
    await client.arm();
    await client.start();
    const end = await waitForStatus(
      client,
      (s) => s.mode !== Mode.Running && s.mode !== Mode.Paused,
      MISSION_LIMIT_MS,
      5,
    );
    expect(end.mode).toBe(Mode.Complete);
    expect(end.fault).toBe(Fault.None);
    // Every tick of the mission fit its period: on a board, its real CPU time; in the
    // simulator, the cost model's.
    expect(end.overruns).toBe(0);
    // The firmware's own measure of its longest tick (whole ms of Time.ticks): what a real
    // board's CPU really took, against the 20 ms period.
    expect(end.longestTickMs).toBeLessThan(20);
    for (const phase of [Phase.Drilling, Phase.Scooping, Phase.Transfer, Phase.Liftoff])
      expect(phases).toContain(phase);
    expect(end.flag).toBe(target.board.flag.open);
    expect(end.lid).toBe(target.board.lid.closed);
    expect(end.ascender).toBe(false);
    if (target.sim) {
      // No firmware callback, a flash write included, held the thread for a whole period; the
      // firmware saw its ticks take time (the cost model charges a few ms each).
      expect(target.sim.lander.status.longestCallMs).toBeLessThan(20);
      expect(end.longestTickMs).toBeGreaterThan(0);
      const world = await target.sim.lander.world();
      const sites = Object.keys(target.board.poses).filter((name) => /^site\d+$/.test(name)).length;
      expect(world.samples.scoops).toBe(sites);
      expect(world.samples.containerG).toBeGreaterThan(0);
      expect(world.samples.spilledG).toBe(0);
      expect(world.samples.coreInDrillG).toBe(0);
      expect(world.containerSealed).toBe(true);
      expect(world.flagRaised).toBe(true);
    }
  });
});
