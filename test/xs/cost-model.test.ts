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

  /** Calls a test callback makes of each kind: enough that a computron's difference a call shows. */
  const CALLS = 200;
  /** A computron at the cost model, in ms. */
  const COMPUTRON_MS = 0.0005;

  /**
   * What a call of `kind` is charged beyond a call of `chipShape` (what the firmware calls on the
   * chip) and the native cost `nativeMs` the chip pays for it, in ms a call, either way.
   */
  async function extraPerCallMs(kind: Kind, chipShape: Kind, nativeMs: number): Promise<number> {
    const expected = await charged(chipShape, CALLS);
    const actual = await charged(kind, CALLS);
    return Math.abs(actual - expected - CALLS * nativeMs) / CALLS;
  }

  it("charges a call into a stand-in as a call to an empty function: none of its JavaScript", async () => {
    // The bookkeeping is measured on one shape of stand-in; others differ by an opcode or two,
    // where charging it all would cost some 90 computrons a call.
    expect(await extraPerCallMs("stand-in", "empty", 0)).toBeLessThan(5 * COMPUTRON_MS);
  });

  it("charges a Time.ticks read as the chip's host getter and its native cost: none of the stand-in's JavaScript", async () => {
    expect(await extraPerCallMs("time", "getter", NATIVE_MS.time)).toBeLessThan(5 * COMPUTRON_MS);
  });

  it("charges a Preference or Timer call as the chip's host function and its native cost: none of the stand-in's JavaScript", async () => {
    expect(await extraPerCallMs("preference", "host-function", NATIVE_MS.preference)).toBeLessThan(5 * COMPUTRON_MS);
    // Timer.clear of a timer it does not hold, against a one-argument host function.
    expect(await extraPerCallMs("timer", "host-clear", NATIVE_MS.timer)).toBeLessThan(5 * COMPUTRON_MS);
  });
});
