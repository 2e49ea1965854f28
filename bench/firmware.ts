// Firmware figures from XS's own meters: computrons per control tick in each phase and what they
// cost the chip under the simulator's cost model, the longest firmware callback of a whole
// mission, heap growth over steady-state ticks, live heap slots against the manifest's creation
// sizes, and this machine's own XS speed, which grounds the cost model's figure.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BoardConfig } from "../firmware/board/config";
import { MODE_NAMES, Mode } from "../firmware/lander/status";
import { PHASE_NAMES } from "../firmware/sequence/phases";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../host-tools/src/paths";
import { NS_PER_COMPUTRON } from "../host-tools/src/sim/xs/cpu-cost";
import { VirtualLander } from "../host-tools/src/sim/virtual-lander";
import { startXs } from "../host-tools/src/xs/engine";

const TICK_MS = 20;
const SAMPLE_TICKS = 25;

export interface TickCost {
  readonly phase: string;
  readonly computronsPerTick: number;
  /** What those computrons cost the chip under the simulator's cost model (NS_PER_COMPUTRON each). */
  readonly usPerTick: number;
}

/**
 * XS computrons per control tick, phase by phase through the default mission (the firmware's
 * own work: the simulator's physics is switched off). A probe runs
 * `SAMPLE_TICKS` ticks after a garbage collection; a probe of no ticks measures the collection
 * and the request alone, which is taken off.
 */
export async function measureTickCosts(board: BoardConfig): Promise<TickCost[]> {
  // Without the physics model, which shares the engine in the simulator but not on the ESP32.
  const lander = await VirtualLander.boot(board, { keepTrace: false, physics: false });
  try {
    await lander.advance(200);
    await lander.press(board.start);
    const costs: TickCost[] = [];
    const seen = new Set<number>();
    while (lander.status.mode === Mode.Running || lander.status.mode === Mode.Paused) {
      const phase = lander.status.phase;
      if (!seen.has(phase)) {
        seen.add(phase);
        await lander.probeHeap(0);
        const base = lander.meter.compute;
        await lander.probeHeap(SAMPLE_TICKS * TICK_MS);
        const computronsPerTick = (lander.meter.compute - base) / SAMPLE_TICKS;
        costs.push({
          phase: PHASE_NAMES[phase] ?? String(phase),
          computronsPerTick,
          usPerTick: (computronsPerTick * NS_PER_COMPUTRON) / 1000,
        });
      }
      await lander.advance(500);
    }
    return costs;
  } finally {
    lander.close();
  }
}

/**
 * The longest single firmware callback (a tick, or a UART delivery) over the whole default
 * mission, started by its button with the physics model on, in lander ms as the simulator
 * charges it (cpu-cost.ts at its estimate; the physics itself is not charged).
 */
export async function measureLongestCall(board: BoardConfig): Promise<{
  longestCallMs: number;
  /** Where it happened ("boot", "start button" or a phase) and by when, in lander ms after the press began. */
  atPhase: string;
  atMs: number;
  missionMs: number;
  mode: string;
  overruns: number;
  /** XS computrons the whole simulator ran a control tick (firmware, stand-ins, physics, clock), from the press on. */
  simulatorComputronsPerTick: number;
}> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  try {
    await lander.advance(200);
    // Where the longest callback happened: booting, the press of the start button (its 100 ms
    // hold), or a phase of the mission (the one under way 100 ms before it was seen).
    let at = { phase: "boot", ms: 0 };
    let longest = lander.status.longestCallMs;
    const startMs = lander.simMs;
    await lander.press(board.start);
    if (lander.status.longestCallMs > longest) {
      longest = lander.status.longestCallMs;
      at = { phase: "start button", ms: lander.simMs - startMs };
    }
    const endMs = startMs + 30 * 60_000;
    let computrons = 0;
    const countedFromMs = lander.simMs;
    while (lander.status.mode !== Mode.Complete && lander.status.mode !== Mode.Safe) {
      if (lander.simMs >= endMs) throw new Error("the default mission did not finish in 30 lander minutes");
      const phase = PHASE_NAMES[lander.status.phase] ?? String(lander.status.phase);
      await lander.advance(100);
      computrons += lander.meter.compute;
      if (lander.status.longestCallMs > longest) {
        longest = lander.status.longestCallMs;
        at = { phase, ms: lander.simMs - startMs };
      }
    }
    const { longestCallMs, mode, overruns } = lander.status;
    return {
      longestCallMs,
      atPhase: at.phase,
      atMs: at.ms,
      missionMs: lander.simMs - startMs,
      mode: MODE_NAMES[mode] ?? String(mode),
      overruns,
      simulatorComputronsPerTick: computrons / ((lander.simMs - countedFromMs) / TICK_MS),
    };
  } finally {
    lander.close();
  }
}

/**
 * XS computrons one telemetry frame costs the lander (encoder, check septet), written from the
 * layout table as the tick writes it: 101 frames less 1, over 100, so the request's own cost cancels.
 */
export async function measureTelemetryFrame(): Promise<{ computrons: number; frameBytes: number }> {
  const xs = startXs("telemetry-frame");
  try {
    await xs.evaluate(readFileSync(path.join(REPO_ROOT, "dist/test/telemetry-frame-harness.js"), "utf8"));
    const one = await xs.command(Uint8Array.of(1));
    const many = await xs.command(Uint8Array.of(101));
    return { computrons: (many.meter.compute - one.meter.compute) / 100, frameBytes: many.reply.length };
  } finally {
    xs.close();
  }
}

/**
 * This machine's XS speed, in wall ns per computron: a CPU-bound script (calls, property and
 * array access, integer arithmetic, as the firmware's tick does) in xsnap-worker, its wall time
 * less that of an empty evaluation, over the computrons XS metered. The quickest of `runs`
 * (the one least held up by other work on the machine), and the median.
 */
/** A CPU-bound script of plain JS: calls, arrays, objects, integer arithmetic. */
export const XS_SPEED_SCRIPT = `(() => {
    const a = new Array(64).fill(0);
    const o = { x: 1, y: 2 };
    const f = (i) => ((i * 31 + 7) & 1023) + o.y;
    let s = 0;
    for (let i = 0; i < 2000000; i++) {
      const k = f(i);
      a[i & 63] = k;
      s = (s + a[(i * 7) & 63] + o.x) | 0;
      o.x = (o.x + 1) & 255;
    }
    return s;
  })()`;

export async function measureXsSpeed(runs = 7): Promise<{ fastestNs: number; medianNs: number; computrons: number }> {
  const script = XS_SPEED_SCRIPT;
  const worker = startXs("xs-speed");
  try {
    await worker.evaluate("0");
    const samples: number[] = [];
    let computrons = 0;
    for (let i = 0; i < runs; i++) {
      let started = performance.now();
      await worker.evaluate("0");
      const emptyMs = performance.now() - started;
      started = performance.now();
      const { meter } = await worker.evaluate(script);
      const wallMs = performance.now() - started - emptyMs;
      computrons = meter.compute;
      samples.push((wallMs * 1e6) / meter.compute);
    }
    samples.sort((x, y) => x - y);
    return { fastestNs: samples[0], medianNs: samples[Math.floor(samples.length / 2)], computrons };
  } finally {
    worker.close();
  }
}

/** Heap slots after a garbage collection, before and after 1,000 steady-state (idle) ticks. */
export async function measureHeapGrowth(board: BoardConfig): Promise<{ before: number; after: number }> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  try {
    await lander.advance(2000);
    const before = await lander.probeHeap(0);
    const after = await lander.probeHeap(1000 * TICK_MS);
    return { before, after };
  } finally {
    lander.close();
  }
}

/**
 * Live heap slots of the firmware's data, after boot and with a mission loaded: the heap less
 * the same virtual board with no firmware started on it (the bundle's code and the simulator's
 * own objects, which a chip does not have). What the firmware opens through the board (its PWM,
 * Digital, Analog and Serial objects, the UART model behind the port) stays in its count.
 */
export async function measureLiveSlots(
  board: BoardConfig,
  loadMission: (lander: VirtualLander) => Promise<void>,
): Promise<{ afterBoot: number; withMission: number; heapInitial: number; simulator: number }> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "manifest.json"), "utf8")) as {
    creation: { heap: { initial: number } };
  };
  const bare = await VirtualLander.boot(board, { keepTrace: false, physics: false, firmware: false });
  let simulator: number;
  try {
    await bare.advance(1000);
    simulator = await bare.probeHeap(0);
  } finally {
    bare.close();
  }
  const lander = await VirtualLander.boot(board, { keepTrace: false, physics: false });
  try {
    await lander.advance(1000);
    const afterBoot = (await lander.probeHeap(0)) - simulator;
    await loadMission(lander);
    const withMission = (await lander.probeHeap(0)) - simulator;
    return { afterBoot, withMission, heapInitial: manifest.creation.heap.initial, simulator };
  } finally {
    lander.close();
  }
}
