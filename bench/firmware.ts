// Firmware figures from XS's own meters: computrons per control tick in each phase, heap growth
// over steady-state ticks, and live heap slots against the manifest's creation sizes.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BoardConfig } from "../firmware/board/config";
import { Mode } from "../firmware/lander/status";
import { PHASE_NAMES } from "../firmware/sequence/phases";
import { REPO_ROOT, SIM_BUNDLE } from "../host-tools/src/paths";
import { VirtualLander } from "../host-tools/src/sim/virtual-lander";
import { XsWorker } from "../host-tools/src/xs/worker";

const TICK_MS = 20;
const SAMPLE_TICKS = 25;

export interface TickCost {
  readonly phase: string;
  readonly computronsPerTick: number;
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
        costs.push({
          phase: PHASE_NAMES[phase] ?? String(phase),
          computronsPerTick: (lander.meter.compute - base) / SAMPLE_TICKS,
        });
      }
      await lander.advance(500);
    }
    return costs;
  } finally {
    lander.close();
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

/** Live heap slots of the firmware's data (the code alone taken off), after boot and with a mission loaded. */
export async function measureLiveSlots(
  board: BoardConfig,
  loadMission: (lander: VirtualLander) => Promise<void>,
): Promise<{ afterBoot: number; withMission: number; heapInitial: number }> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "manifest.json"), "utf8")) as {
    creation: { heap: { initial: number } };
  };
  const codeOnly = new XsWorker("code-only");
  let code: number;
  try {
    await codeOnly.evaluate(readFileSync(SIM_BUNDLE, "utf8"));
    code = (await codeOnly.evaluate("gc()")).meter.currentHeapCount;
  } finally {
    codeOnly.close();
  }
  const lander = await VirtualLander.boot(board, { keepTrace: false, physics: false });
  try {
    await lander.advance(1000);
    const afterBoot = (await lander.probeHeap(0)) - code;
    await loadMission(lander);
    const withMission = (await lander.probeHeap(0)) - code;
    return { afterBoot, withMission, heapInitial: manifest.creation.heap.initial };
  } finally {
    lander.close();
  }
}
