// The cost model inside the real XS engine: the firmware is charged for its own JavaScript by
// XS's meter, while the simulator's stand-ins for Moddable's C drivers cost it only what calling
// a host function costs, their bookkeeping included (virtual-clock.ts measureGlue).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { NATIVE_MS } from "../../host-tools/src/sim/xs/cpu-cost";
import { startXs, type XsEngine } from "../../host-tools/src/xs/engine";
import type { Kind } from "./support/cost-harness";

describe("the CPU cost model in XS", () => {
  let xs: XsEngine;
  beforeAll(async () => {
    xs = startXs("cost-model");
    await xs.evaluate(readFileSync(path.join(REPO_ROOT, "dist/test/cost-harness.js"), "utf8"));
  });
  afterAll(() => xs.close());

  async function charged(kind: Kind, calls: number): Promise<number> {
    const { reply } = await xs.command(Buffer.from(JSON.stringify({ kind, calls })));
    return (JSON.parse(reply.toString()) as { chargedMs: number }).chargedMs;
  }

  it("charges the firmware for its own work, call by call", async () => {
    const none = await charged("empty", 0);
    const calls = await charged("empty", 200);
    const work = await charged("work", 200);
    expect(calls).toBeGreaterThan(none);
    expect(work).toBeGreaterThan(calls);
  });

  it("charges a call into a stand-in as a call to an empty function: none of its JavaScript", async () => {
    const calls = 200;
    const empty = await charged("empty", calls);
    const standIn = await charged("stand-in", calls);
    // The bookkeeping is measured on one shape of stand-in; others differ by an opcode or two
    // (a computron is 0.0005 ms), where charging it all would cost some 90 computrons a call.
    const perCallMs = Math.abs(standIn - empty) / calls;
    expect(perCallMs).toBeLessThan(5 * 0.0005);
  });

  it("charges a Time.ticks read as the chip's host getter and its native cost: none of the stand-in's JavaScript", async () => {
    const calls = 200;
    const getter = await charged("getter", calls);
    const time = await charged("time", calls);
    const perCallMs = Math.abs(time - getter - calls * NATIVE_MS.time) / calls;
    expect(perCallMs).toBeLessThan(5 * 0.0005);
  });

  it("charges a Preference or Timer call as the chip's host function and its native cost: none of the stand-in's JavaScript", async () => {
    const calls = 200;
    const hostFunction = await charged("host-function", calls);
    const preference = await charged("preference", calls);
    const perCallMs = Math.abs(preference - hostFunction - calls * NATIVE_MS.preference) / calls;
    expect(perCallMs).toBeLessThan(5 * 0.0005);
    // Timer.clear of a timer it does not hold, against a one-argument host function.
    const hostClear = await charged("host-clear", calls);
    const timer = await charged("timer", calls);
    expect(Math.abs(timer - hostClear - calls * NATIVE_MS.timer) / calls).toBeLessThan(5 * 0.0005);
  });
});
