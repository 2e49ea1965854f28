// The telemetry encoder runs on the tick, written from the layout table: inside XS it must write
// exactly what Node writes, and writing frames must allocate nothing (an ESP32 tick that allocates
// eventually stalls on a garbage collection).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FrameWriter,
  MAX_FRAME_BYTES,
  fieldSeptets,
  TELEMETRY_BODY,
  writeTelemetry,
} from "../../firmware/protocol/codec";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { startXs, type XsEngine } from "../../host-tools/src/xs/engine";
import { midMissionStatus } from "../support/mid-mission-status";

describe("the telemetry encoder inside XS", () => {
  let xs: XsEngine;
  beforeAll(async () => {
    xs = startXs("telemetry-frame");
    await xs.evaluate(readFileSync(path.join(REPO_ROOT, "dist/test/telemetry-frame-harness.js"), "utf8"));
  });
  afterAll(() => xs.close());

  it("writes the frame Node writes, the layout's length", async () => {
    const w = new FrameWriter(MAX_FRAME_BYTES);
    const inNode = w.bytes.slice(0, writeTelemetry(w, midMissionStatus()));
    const { reply } = await xs.command(Uint8Array.of(1));
    expect([...reply]).toEqual([...inNode]);
    // START_SYSEX, LANDER_SYSEX, type, the body, the check, END_SYSEX.
    expect(reply.length).toBe(3 + fieldSeptets(TELEMETRY_BODY) + 2);
  });

  it("allocates nothing per frame", async () => {
    // Heap slots only grow between collections. Each request and reply costs the same slots, so
    // a request for 250 frames must grow the heap by what a request for one did.
    const first = await xs.command(Uint8Array.of(1));
    const one = await xs.command(Uint8Array.of(1));
    const many = await xs.command(Uint8Array.of(250));
    expect(many.meter.currentHeapCount - one.meter.currentHeapCount).toBe(
      one.meter.currentHeapCount - first.meter.currentHeapCount,
    );
  });
});
