// The same damaged streams as test/unit/codec.test.ts, decoded by the firmware's FrameDecoder
// inside the real XS engine: XS must find exactly what Node finds, and every valid message.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrameDecoder } from "../../firmware/protocol/codec";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { startXs, type XsEngine } from "../../host-tools/src/xs/engine";
import { asDecoded, damage, damagedStream, isSubsequence, quietNoise } from "../support/streams";
import { seededPerRun } from "../support/xs-ledger";

// New cases each run (fast-check prints the seed of a failure); the engine ledger is told.
const SEED = (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
seededPerRun(SEED);

interface XsDecoded {
  readonly decoded: number[][];
  readonly drops: number[];
}

function decodeInNode(bytes: Uint8Array): XsDecoded {
  const decoded: number[][] = [];
  const decoder = new FrameDecoder(
    {
      message: (status, a, b) => decoded.push([status, a, b]),
      sysex: (buffer, length) => decoded.push([0xf0, ...buffer.subarray(0, length)]),
    },
    320,
  );
  decoder.pushBytes(bytes);
  return { decoded, drops: Array.from(decoder.drops) };
}

describe("the codec inside XS (fast-check)", () => {
  let xs: XsEngine;
  beforeAll(async () => {
    xs = startXs("codec");
    await xs.evaluate(readFileSync(path.join(REPO_ROOT, "dist/test/codec-harness.js"), "utf8"));
  });
  afterAll(() => xs.close());

  async function decodeInXs(bytes: Uint8Array): Promise<XsDecoded> {
    // The harness keeps its decoder between calls, as the firmware does; an END_SYSEX first
    // makes each stream start from a clean state without hiding any resync the stream needs.
    const { reply } = await xs.command(Uint8Array.from([0xf7, ...bytes]));
    return JSON.parse(reply.toString()) as XsDecoded;
  }

  it("decodes exactly the valid messages when the noise is data bytes", async () => {
    await fc.assert(
      fc.asyncProperty(damagedStream(quietNoise), async ({ bytes, messages }) => {
        expect((await decodeInXs(bytes)).decoded).toEqual(messages.map(asDecoded));
      }),
      { numRuns: 150, seed: SEED },
    );
  });

  it("finds every valid message after damage, and exactly what Node finds", async () => {
    await fc.assert(
      fc.asyncProperty(damagedStream(damage), async ({ bytes, messages }) => {
        const inXs = await decodeInXs(bytes);
        expect(isSubsequence(messages.map(asDecoded), inXs.decoded)).toBe(true);
        expect(inXs.decoded).toEqual(decodeInNode(bytes).decoded);
      }),
      { numRuns: 250, seed: SEED },
    );
  });
});
