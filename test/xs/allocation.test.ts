// The control loop must allocate nothing per tick in steady state: on an ESP32 a tick that
// allocates eventually pays for a garbage collection that stalls the servos. XS counts every
// slot it allocates, so two probes of different lengths that end on the same count prove it.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { Phase } from "../../firmware/sequence/phases";
import { loadBoard } from "../../host-tools/src/boards/load";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

describe("control tick allocation in XS", () => {
  const board = loadBoard("esp32-devkitc");
  let lander: VirtualLander;
  afterEach(() => lander?.close());

  /** Heap slots after ticking `ms` and after ticking twice as long, each from a fresh GC. */
  async function probePair(ms: number): Promise<[number, number]> {
    const short = await lander.probeHeap(ms);
    const long = await lander.probeHeap(2 * ms);
    return [short, long];
  }

  it("allocates nothing per tick while idle", async () => {
    lander = await VirtualLander.boot(board);
    await lander.advance(1000);
    const [short, long] = await probePair(2000);
    expect(long).toBe(short);
  });

  it("allocates nothing per tick while the arm and drill are moving", async () => {
    lander = await VirtualLander.boot(board);
    await lander.advance(200);
    await lander.press(board.start);
    expect(await lander.runUntil((s) => s.phase === Phase.Drilling && s.depthMm > 2, 60_000, 200)).toBe(true);
    const step = lander.status.step;
    const depth = lander.status.depthMm;
    const [short, long] = await probePair(3000);
    await lander.advance(0);
    // Still mid-feed: the probes measured the drill going down, not a finished step.
    expect(lander.status.mode).toBe(Mode.Running);
    expect(lander.status.step).toBe(step);
    expect(lander.status.depthMm).toBeGreaterThan(depth + 10);
    expect(long).toBe(short);
  });

  it("the probe does see allocation when there is some: step changes record events", async () => {
    lander = await VirtualLander.boot(board);
    await lander.advance(200);
    await lander.press(board.start);
    expect(await lander.runUntil((s) => s.phase === Phase.Scooping, 120_000, 200)).toBe(true);
    const before = lander.status.step;
    const [short, long] = await probePair(4000);
    await lander.advance(0);
    expect(lander.status.step).toBeGreaterThan(before + 2);
    expect(long).toBeGreaterThan(short);
  });
});
