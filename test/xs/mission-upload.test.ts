// A mission upload to the firmware in XS over its serial link: chunks, checks, refusals.
import { afterEach, describe, expect, it } from "vitest";
import {
  MAX_CHUNK_BYTES,
  MAX_MISSION_BYTES,
  Result,
  crc32,
  writeHello,
  writeUploadBegin,
  writeUploadChunk,
} from "../../firmware/protocol/codec";
import { Refusal } from "../../firmware/lander/refusal";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Easing } from "../../firmware/servo/easing";
import { Phase } from "../../firmware/sequence/phases";
import { compiled, missionOfSize } from "../support/missions";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");

describe("mission upload, in XS", () => {
  let link: SimLink;
  afterEach(() => link?.close());

  const mission = (length: number): Uint8Array => missionOfSize(board, length);

  it("takes a mission in chunks, refuses a corrupted or skipped chunk, and checks the whole", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    const data = mission(Math.max(4 * MAX_CHUNK_BYTES - 7, 1000));
    await link.send(writeUploadBegin(link.w, 2, data.length, crc32(data)));
    expect(link.drain("ack").at(-1)?.result).toBe(Result.Ok);
    const chunk = (seq: number, crc?: number): number => {
      const start = seq * MAX_CHUNK_BYTES;
      const end = Math.min(start + MAX_CHUNK_BYTES, data.length);
      return writeUploadChunk(link.w, seq, crc ?? crc32(data, start, end), data, start, end);
    };
    await link.send(chunk(0));
    await link.send(chunk(1, 12345));
    await link.send(chunk(2));
    await link.send(chunk(0));
    expect(link.drain("chunk-ack")).toEqual([
      { kind: "chunk-ack", seq: 0, result: Result.Ok, expected: 1 },
      { kind: "chunk-ack", seq: 1, result: Result.BadCrc, expected: 1 },
      { kind: "chunk-ack", seq: 2, result: Result.OutOfOrder, expected: 1 },
      { kind: "chunk-ack", seq: 0, result: Result.Ok, expected: 1 },
    ]);
    for (let seq = 1; seq * MAX_CHUNK_BYTES < data.length; seq++) await link.send(chunk(seq));
    await link.awaitMessage("upload-done");
    expect(link.drain("upload-done")).toEqual([
      {
        kind: "upload-done",
        result: Result.Ok,
        length: data.length,
        crc: crc32(data),
        refusal: Refusal.None,
        detail: 0,
      },
    ]);
    expect(link.lander.trace.events.filter((e) => e.type === "mission").map((e) => e.value)).toEqual([data.length]);
  });

  it("refuses a mission larger than its buffer, and chunks with no upload begun", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    await link.send(writeUploadBegin(link.w, 2, MAX_MISSION_BYTES + 1, 0));
    expect(link.drain("ack").at(-1)?.result).toBe(Result.TooLarge);
    await link.send(writeUploadChunk(link.w, 0, 0, Uint8Array.of(1), 0, 1));
    expect(link.drain("chunk-ack")[0]?.result).toBe(Result.NoUpload);
  });

  it("reports a whole mission whose CRC does not match, and keeps no mission", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    const data = compiled([{ kind: "selftest", phase: Phase.SelfTest }]);
    expect(data.length).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    await link.send(writeUploadBegin(link.w, 2, data.length, crc32(data) ^ 1));
    await link.send(writeUploadChunk(link.w, 0, crc32(data), data, 0, data.length));
    expect(link.drain("upload-done")[0]?.result).toBe(Result.BadCrc);
    expect(link.lander.trace.events.filter((e) => e.type === "mission")).toHaveLength(0);
  });

  it("refuses a whole, well-checked upload that is not a mission it can run, and says why", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    const strings: string[] = [];
    const refusals: ([number, number] | undefined)[] = [];
    let request = 2;
    for (const data of [
      Uint8Array.from({ length: 200 }, (_, i) => (i * 31) & 0xff),
      compiled([
        { kind: "selftest", phase: Phase.SelfTest },
        { kind: "pose", phase: Phase.Scooping, pose: "moonwalk", ms: 0, easing: Easing.Sine },
      ]),
    ]) {
      await link.send(writeUploadBegin(link.w, request++, data.length, crc32(data)));
      for (let seq = 0; seq * MAX_CHUNK_BYTES < data.length; seq++) {
        const start = seq * MAX_CHUNK_BYTES;
        const end = Math.min(start + MAX_CHUNK_BYTES, data.length);
        await link.send(writeUploadChunk(link.w, seq, crc32(data, start, end), data, start, end));
      }
      await link.awaitMessage("upload-done");
      const done = link.drain("upload-done")[0];
      expect(done?.result).toBe(Result.Refused);
      refusals.push(done?.kind === "upload-done" ? [done.refusal, done.detail] : undefined);
      strings.push(...link.drain("string").map((m) => m.text));
    }
    expect(strings).toEqual([
      "mission refused: not a farside mission",
      "mission refused: step 1 does not fit this lander",
    ]);
    // The host reads why from UploadDone's code and the number it names, not from the sentence.
    expect(refusals).toEqual([
      [Refusal.Undecodable, 0],
      [Refusal.StepDoesNotFit, 1],
    ]);
    expect(link.lander.trace.events.filter((e) => e.type === "mission")).toHaveLength(0);
  });
});
