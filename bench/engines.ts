// WebAssembly XS against native xsnap-worker on this machine: the same work on each, wall time
// only (their computrons are equal, test/xs/engines.test.ts). The figure is the ratio.
import { performance } from "node:perf_hooks";
import type { BoardConfig } from "../firmware/board/config";
import { VirtualLander } from "../host-tools/src/sim/virtual-lander";
import { startXs, type XsEngineKind } from "../host-tools/src/xs/engine";
import { XS_SPEED_SCRIPT } from "./firmware";

export interface EngineTimes {
  readonly nativeMs: number;
  readonly wasmMs: number;
}

const median = (values: number[]): number => values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;

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

/** The default mission's first `advances` × 20 ms after Start, wall ms of the advance loop alone. */
async function flyMs(board: BoardConfig, advances: number): Promise<number> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  try {
    await lander.advance(200);
    await lander.press(board.start);
    const started = performance.now();
    for (let i = 0; i < advances; i++) await lander.advance(20);
    return performance.now() - started;
  } finally {
    lander.close();
  }
}

async function cpuMs(): Promise<number> {
  const xs = startXs("engine-cpu");
  try {
    await xs.evaluate("0");
    const started = performance.now();
    await xs.evaluate(XS_SPEED_SCRIPT);
    return performance.now() - started;
  } finally {
    xs.close();
  }
}

/** Medians of `runs`, engines alternating so that a busy moment does not land on one alone. */
export async function measureEngines(
  board: BoardConfig,
  runs = 3,
): Promise<{ simulator: EngineTimes; cpu: EngineTimes }> {
  const samples = {
    simulator: { native: [] as number[], wasm: [] as number[] },
    cpu: { native: [] as number[], wasm: [] as number[] },
  };
  for (let i = 0; i < runs; i++) {
    for (const kind of ["native", "wasm"] as const) {
      samples.simulator[kind].push(await withEngine(kind, () => flyMs(board, 500)));
      samples.cpu[kind].push(await withEngine(kind, cpuMs));
    }
  }
  const times = (s: { native: number[]; wasm: number[] }): EngineTimes => ({
    nativeMs: median(s.native),
    wasmMs: median(s.wasm),
  });
  return { simulator: times(samples.simulator), cpu: times(samples.cpu) };
}
