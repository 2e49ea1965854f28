// The one codec, in Node: round trips of every lander message, the 7-bit packing and CRC, and
// property tests that random, cut-off and corrupted streams never stop valid messages after the
// damage from being decoded. test/xs/codec.test.ts runs the same streams through XS.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Drop,
  EventKind,
  FrameDecoder,
  FrameWriter,
  MAX_CHUNK_BYTES,
  Msg,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
  Result,
  chunkData,
  chunkDataLength,
  crc32,
  writeAck,
  writeCommand,
  writeChunkAck,
  writeEvent,
  writeHelloReply,
  blankTelemetry,
  writeTelemetry,
  writeUploadChunk,
  writeUploadDone,
  type TelemetryFields,
} from "../../firmware/protocol/codec";
import { decodeLanderMessage } from "../../host-tools/src/link/lander-decode";
import { packBytes, packedLength, readSigned14, unpackBytes, writeSigned14 } from "../../firmware/protocol/septets";
import { asDecoded, damagedStream, damage, isSubsequence, quietNoise } from "../support/streams";

function decodeAll(bytes: Uint8Array, maxSysex = 320): { decoded: number[][]; decoder: FrameDecoder } {
  const decoded: number[][] = [];
  const decoder = new FrameDecoder(
    {
      message: (status, a, b) => decoded.push([status, a, b]),
      sysex: (buffer, length) => decoded.push([0xf0, ...buffer.subarray(0, length)]),
    },
    maxSysex,
  );
  decoder.pushBytes(bytes);
  return { decoded, decoder };
}

/** The lander sysex inside a frame, as the decoder hands it to a handler. */
function inner(w: FrameWriter, length: number): [Uint8Array, number] {
  return [w.bytes.slice(1, length - 1), length - 2];
}

describe("septets and CRC", () => {
  it("CRC-32 matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("CRC-32 can be continued over pieces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        expect(crc32(bytes, at, bytes.length, crc32(bytes, 0, at))).toBe(crc32(bytes));
      }),
    );
  });

  it("packs any bytes seven to eight and unpacks them unchanged", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const packed = new Uint8Array(packedLength(bytes.length));
        const end = packBytes(bytes, 0, bytes.length, packed, 0);
        expect(end).toBe(packed.length);
        expect(packed.every((b) => b < 0x80)).toBe(true);
        const out = new Uint8Array(bytes.length);
        expect(unpackBytes(packed, 0, end, out, 0, out.length)).toBe(bytes.length);
        expect(out).toEqual(bytes);
      }),
    );
  });

  it("signed 14-bit values survive and saturate instead of wrapping", () => {
    const buffer = new Uint8Array(2);
    for (const value of [-8192, -1, 0, 1, 1799, 8191]) {
      writeSigned14(buffer, 0, value);
      expect(readSigned14(buffer, 0)).toBe(value);
    }
    writeSigned14(buffer, 0, 10_000);
    expect(readSigned14(buffer, 0)).toBe(8191);
  });
});

describe("lander messages round trip", () => {
  const w = new FrameWriter(512);
  const telemetry: TelemetryFields = blankTelemetry({
    nowMs: 123_456_789,
    mode: 1,
    phase: 4,
    step: 17,
    joints: [90.5, -12.3, 179.9, 0],
    depthMm: 42.7,
    rpm: 480,
    loadAmps: 0.812,
    batteryVolts: 7.61,
    lid: 100,
    ascender: true,
    hostWatched: true,
    armed: true,
    overruns: 2,
    clamped: 3,
    longestTickMs: 7,
  });

  it("telemetry keeps every field to its wire resolution", () => {
    const decoded = decodeLanderMessage(...inner(w, writeTelemetry(w, telemetry)));
    expect(decoded).toEqual({
      kind: "telemetry",
      ...telemetry,
      joints: [90.5, -12.3, 179.9, 0],
      loadAmps: 0.812,
      batteryVolts: 7.61,
    });
  });

  it("a status reply carries the request id and the same body", () => {
    const decoded = decodeLanderMessage(...inner(w, writeTelemetry(w, telemetry, 77)));
    expect(decoded?.kind).toBe("status");
    if (decoded?.kind !== "status") return;
    expect(decoded.request).toBe(77);
    expect(decoded.telemetry.step).toBe(17);
  });

  it("hello reply, ack, event, chunk ack and upload done", () => {
    expect(
      decodeLanderMessage(
        ...inner(
          w,
          writeHelloReply(w, 5, {
            resetReason: 2,
            checkpoint: 17,
            missionCrc: 0xfedcba98,
            checkpointCrc: 0x12345678,
            firmwareVersion: "0.2",
            boardId: "xiao-esp32s3",
          }),
        ),
      ),
    ).toEqual({
      kind: "hello-reply",
      request: 5,
      major: PROTOCOL_MAJOR,
      minor: PROTOCOL_MINOR,
      lander: {
        resetReason: 2,
        checkpoint: 17,
        maxChunk: MAX_CHUNK_BYTES,
        maxMission: 8192,
        missionCrc: 0xfedcba98,
        checkpointCrc: 0x12345678,
        firmwareVersion: "0.2",
        boardId: "xiao-esp32s3",
      },
    });
    expect(decodeLanderMessage(...inner(w, writeAck(w, 9, Msg.Start, Result.Refused)))).toEqual({
      kind: "ack",
      request: 9,
      command: Msg.Start,
      result: Result.Refused,
    });
    expect(decodeLanderMessage(...inner(w, writeEvent(w, EventKind.Fault, 4_000_000_000, 3)))).toEqual({
      kind: "event",
      event: EventKind.Fault,
      nowMs: 4_000_000_000,
      value: 3,
    });
    expect(decodeLanderMessage(...inner(w, writeChunkAck(w, 300, Result.OutOfOrder, 299)))).toEqual({
      kind: "chunk-ack",
      seq: 300,
      result: Result.OutOfOrder,
      expected: 299,
    });
    expect(
      decodeLanderMessage(...inner(w, writeUploadDone(w, Result.Refused, 5000, 0xdeadbeef, 6, 0xfeedf00d))),
    ).toEqual({
      kind: "upload-done",
      result: Result.Refused,
      length: 5000,
      crc: 0xdeadbeef,
      refusal: 6,
      detail: 0xfeedf00d,
    });
  });

  it("a chunk's data comes back byte for byte, whatever its length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: MAX_CHUNK_BYTES }), (data) => {
        const [sysex, checkedLength] = inner(w, writeUploadChunk(w, 1, crc32(data), data, 0, data.length));
        // The lander reads a chunk's fields without the check septet at its end.
        const length = checkedLength - 1;
        expect(chunkDataLength(length)).toBe(data.length);
        const out = new Uint8Array(data.length);
        expect(chunkData(sysex, length, out, 0, out.length)).toBe(data.length);
        expect(out).toEqual(data);
      }),
    );
  });

  it("a writer too small for a frame reports 0 instead of a cut frame", () => {
    const small = new FrameWriter(16);
    expect(writeTelemetry(small, telemetry)).toBe(0);
    expect(small.overflowed).toBe(true);
  });
});

describe("decoder against damaged streams (fast-check)", () => {
  it("decodes exactly the valid messages when the noise is data bytes", () => {
    fc.assert(
      fc.property(damagedStream(quietNoise), ({ bytes, messages }) => {
        expect(decodeAll(bytes).decoded).toEqual(messages.map(asDecoded));
      }),
      { numRuns: 300 },
    );
  });

  it("still decodes every valid message after random, cut-off, corrupted or oversized input", () => {
    fc.assert(
      fc.property(damagedStream(damage), ({ bytes, messages }) => {
        const { decoded } = decodeAll(bytes);
        expect(isSubsequence(messages.map(asDecoded), decoded)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps its buffer bounded and counts what it drops", () => {
    const flood = [0xf0, ...new Array<number>(5000).fill(0x11), 0xf7, 0xf9];
    const { decoded, decoder } = decodeAll(Uint8Array.from(flood), 64);
    expect(decoded).toEqual([[0xf9, 0, 0]]);
    expect(decoder.drops[Drop.Overflow]).toBe(5002);
  });

  it("a handler that throws loses its message, not the decoder", () => {
    const seen: number[] = [];
    const decoder = new FrameDecoder({
      message: (status) => {
        if (status === 0xf9) throw new Error("boom");
        seen.push(status);
      },
      sysex: () => undefined,
    });
    expect(() => decoder.pushBytes(Uint8Array.of(0xf9, 0xc1, 1))).not.toThrow();
    expect(seen).toEqual([0xc1]);
    expect(decoder.drops[Drop.HandlerError]).toBe(1);
  });

  it("takes a SYSTEM_RESET that cuts a message short for damage: one flipped bit makes END_SYSEX one", () => {
    const w = new FrameWriter(64);
    const frame = Array.from(w.bytes.subarray(0, writeCommand(w, Msg.StatusQuery, 5)));
    // END_SYSEX (0xF7) with bit 3 flipped is 0xFF; a data byte 0x7F with bit 7 flipped too.
    const damagedEnd = [...frame.slice(0, -1), 0xff];
    const { decoded, decoder } = decodeAll(Uint8Array.from([...damagedEnd, 0x90, 0x7f, 0xff, ...frame]));
    expect(decoded).toEqual([asDecoded(frame)]);
    expect(decoder.drops[Drop.Truncated]).toBe(damagedEnd.length + 3);
  });

  it("still passes on a SYSTEM_RESET between messages", () => {
    const w = new FrameWriter(64);
    const frame = Array.from(w.bytes.subarray(0, writeCommand(w, Msg.StatusQuery, 5)));
    const { decoded } = decodeAll(Uint8Array.from([...frame, 0xff, 0x05, 0xff]));
    expect(decoded).toEqual([asDecoded(frame), [0xff, 0, 0], [0xff, 0, 0]]);
  });

  it("counts stray, truncated and unknown bytes separately", () => {
    const { decoder } = decodeAll(Uint8Array.of(0x01, 0x02, 0x90, 0x05, 0xf3, 0xf9));
    expect(decoder.drops[Drop.Stray]).toBe(2);
    expect(decoder.drops[Drop.Truncated]).toBe(2);
    expect(decoder.drops[Drop.Unknown]).toBe(1);
    expect(decoder.decoded).toBe(1);
  });
});
