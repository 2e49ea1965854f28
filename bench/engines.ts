// WebAssembly XS against native xsnap-worker on this machine: the same work on each, wall time
// only (their computrons are equal, test/xs/engines.test.ts). The figures are the ratios
// and how fast change6.yaml flies on WebAssembly.
import { performance } from "node:perf_hooks";
import { percentile } from "../host-tools/src/statistics";
import { startXs, type XsEngineKind } from "../host-tools/src/xs/engine";
import { XS_SPEED_SCRIPT } from "./firmware";
import { measureMissionInLockstep, measureMissionThroughPty } from "./missions";

export interface MissionRun {
  readonly virtualS: number;
  readonly wallS: number;
  /** XS computrons the run took, where it was counted (the pty run). */
  readonly computrons?: number;
}

export interface EngineFigures<T> {
  readonly native: T;
  readonly wasm: T;
}

async function withEngine<T>(kind: XsEngineKind, run: () => Promise<T>): Promise<T> {
  const saved = process.env.FARSIDE_XS;
  process.env.FARSIDE_XS = kind;
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env.FARSIDE_XS;
    else process.env.FARSIDE_XS = saved;
  }
}

/**
 * 100,000 try blocks entered in one request: on WebAssembly each is a setjmp, whose bookkeeping
 * emscripten keeps per call of fxRunID (host-tools/xs-wasm/xs-wasm-setjmp.c says why it is ours).
 */
export const XS_TRY_SCRIPT = `(() => {
    const f = (i) => i & 1;
    let s = 0;
    for (let i = 0; i < 100000; i++) {
      try {
        s += f(i);
      } catch {
        s = 0;
      }
    }
    return s;
  })()`;

async function scriptMs(script: string): Promise<number> {
  const xs = startXs("engine-cpu");
  try {
    await xs.evaluate("0");
    const started = performance.now();
    await xs.evaluate(script);
    return performance.now() - started;
  } finally {
    xs.close();
  }
}

/** The run whose wall time is the median of `runs`. */
function medianRun(runs: readonly MissionRun[]): MissionRun {
  const wallS = percentile(
    runs.map((run) => run.wallS),
    50,
  );
  const middle = runs.find((run) => run.wallS === wallS);
  if (!middle) throw new Error("no runs to take a median of");
  return middle;
}

/**
 * change6.yaml at --speed max as `run --sim` flies it (lockstep, whole run command) and through
 * the pty (the simulator alone), and the CPU-bound script: medians of `runs`, the engines
 * alternating so that a busy moment does not land on one alone.
 */
export async function measureEngines(runs = 5): Promise<{
  lockstep: EngineFigures<MissionRun>;
  pty: EngineFigures<MissionRun>;
  cpuMs: EngineFigures<number>;
  tryMs: EngineFigures<number>;
}> {
  const lockstep = { native: [] as MissionRun[], wasm: [] as MissionRun[] };
  const pty = { native: [] as MissionRun[], wasm: [] as MissionRun[] };
  const cpu = { native: [] as number[], wasm: [] as number[] };
  const tries = { native: [] as number[], wasm: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const kind of ["native", "wasm"] as const) {
      lockstep[kind].push(await withEngine(kind, measureMissionInLockstep));
      pty[kind].push(await withEngine(kind, measureMissionThroughPty));
      cpu[kind].push(await withEngine(kind, () => scriptMs(XS_SPEED_SCRIPT)));
      tries[kind].push(await withEngine(kind, () => scriptMs(XS_TRY_SCRIPT)));
    }
  }
  return {
    lockstep: { native: medianRun(lockstep.native), wasm: medianRun(lockstep.wasm) },
    pty: { native: medianRun(pty.native), wasm: medianRun(pty.wasm) },
    cpuMs: { native: percentile(cpu.native, 50), wasm: percentile(cpu.wasm, 50) },
    tryMs: { native: percentile(tries.native, 50), wasm: percentile(tries.wasm, 50) },
  };
}
