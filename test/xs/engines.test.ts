// Both XS engines (xsnap-worker, and XS compiled to WebAssembly) must be the same machine to
// the firmware: the same replies byte for byte and the same computrons for every request, or
// benchmarks and cost checks would depend on which engine a machine happened to have.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { SIM_BUNDLE } from "../../host-tools/src/paths";
import { startXs, type XsEngine, type XsEngineKind } from "../../host-tools/src/xs/engine";
import { nativeXsBuilt } from "../../host-tools/src/xs/worker";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

const nativeBuilt = nativeXsBuilt();
const engines: XsEngineKind[] = ["native", "wasm"];

/** Boots the simulator bundle on one engine and records every advance's reply and computrons. */
async function flight(kind: XsEngineKind): Promise<{ replies: string; computrons: number[] }> {
  const saved = process.env.FARSIDE_XS;
  process.env.FARSIDE_XS = kind;
  let lander: VirtualLander | undefined;
  try {
    const board = loadBoard("esp32-devkitc");
    lander = await VirtualLander.boot(board);
    const hash = createHash("sha256");
    const computrons: number[] = [];
    lander.onReply = (reply) => hash.update(JSON.stringify(reply));
    await lander.advance(200);
    await lander.press(board.start);
    for (let i = 0; i < 200; i++) {
      await lander.advance(20);
      computrons.push(lander.meter.compute);
    }
    return { replies: hash.digest("hex"), computrons };
  } finally {
    lander?.close();
    if (saved === undefined) delete process.env.FARSIDE_XS;
    else process.env.FARSIDE_XS = saved;
  }
}

describe.skipIf(!nativeBuilt)("the two XS engines", () => {
  it("fly the default mission identically: replies and computrons", async () => {
    const native = await flight("native");
    const wasm = await flight("wasm");
    expect(wasm.replies).toBe(native.replies);
    expect(wasm.computrons).toEqual(native.computrons);
    // The mission did run: every advance cost XS something.
    expect(Math.min(...native.computrons)).toBeGreaterThan(0);
  }, 120_000);

  it("take every kind of jump alike: try, finally, generators and async functions resumed in try blocks", async () => {
    const script = readFileSync(new URL("./support/exceptions-script.js", import.meta.url), "utf8");
    const runs: { log: string; computrons: number[] }[] = [];
    for (const kind of engines) {
      const xs = startXs("jumps", { FARSIDE_XS: kind });
      try {
        const ran = await xs.evaluate(script);
        // The promise jobs (the async function's awaits) have run by the next request.
        const read = await xs.evaluate("new TextEncoder().encode(log.join('|')).buffer");
        runs.push({ log: read.reply.toString(), computrons: [ran.meter.compute, read.meter.compute] });
      } finally {
        xs.close();
      }
    }
    const [native, wasm] = runs;
    // The script got to its end, and its async function to its own.
    expect(native!.log).toMatch(/\|async done(\||$)/);
    expect(native!.log).toContain("|100|101|");
    expect(wasm!.log).toBe(native!.log);
    expect(wasm!.computrons).toEqual(native!.computrons);
  }, 60_000);

  it("evaluate the simulator bundle for the same computrons", async () => {
    const bundle = readFileSync(SIM_BUNDLE, "utf8");
    const counts: number[] = [];
    for (const kind of engines) {
      const xs = startXs("bundle", { FARSIDE_XS: kind });
      try {
        counts.push((await xs.evaluate(bundle)).meter.compute);
      } finally {
        xs.close();
      }
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  }, 60_000);
});

describe("XS on WebAssembly", () => {
  let xs: XsEngine | undefined;
  afterEach(() => xs?.close());

  it("reports exceptions thrown inside XS and stays usable", async () => {
    xs = startXs("wasm-errors", { FARSIDE_XS: "wasm" });
    expect(xs.kind).toBe("wasm");
    await expect(xs.evaluate("throw new RangeError('too far')")).rejects.toThrow("XS: RangeError: too far");
    await expect(xs.evaluate("JSON.parse('{')")).rejects.toThrow(/^XS: SyntaxError/);
    await expect(xs.evaluate("let x = ;")).rejects.toThrow(/^XS: SyntaxError/);
    const caught = await xs.evaluate(
      "let log = []; try { new Proxy({}, { get() { throw new TypeError('trap') } }).x } catch (e) { log.push(e.message) } finally { log.push('finally') }; new TextEncoder().encode(log.join()).buffer",
    );
    expect(caught.reply.toString()).toBe("trap,finally");
  });

  it("stops deep recursion inside XS and throws the machine away, as xsnap-worker exits", async () => {
    xs = startXs("wasm-recursion", { FARSIDE_XS: "wasm" });
    await expect(xs.evaluate("function f(n) { return f(n + 1) + 1 } f(0)")).rejects.toThrow(
      "XS (WebAssembly) aborted: stack overflow",
    );
    expect((await xs.dead).message).toContain("stack overflow");
    await expect(xs.evaluate("1")).rejects.toThrow("stack overflow");
    // The next machine is untouched by the last one's overflow.
    const next = startXs("wasm-after", { FARSIDE_XS: "wasm" });
    try {
      expect((await next.evaluate("new TextEncoder().encode(String(6 * 7)).buffer")).reply.toString()).toBe("42");
    } finally {
      next.close();
    }
  });

  it("refuses an unknown FARSIDE_XS in one line", () => {
    expect(() => startXs("bad", { FARSIDE_XS: "quantum" })).toThrow("FARSIDE_XS=quantum: expected one of native, wasm");
  });
});
