// The wire layouts are declared once (firmware/protocol/layouts.ts): the hand-written encoders
// must write exactly them, the host's decoder must read nothing a message did not carry, and
// docs/protocol.md must describe the same fields in the same widths.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FrameWriter,
  HOST_MESSAGES,
  LANDER_MESSAGES,
  MAX_FRAME_BYTES,
  Msg,
  SEPTETS,
  TELEMETRY_BODY,
  fieldSeptets,
  minimumFields,
  writeAck,
  writeChunkAck,
  writeCommand,
  writeError,
  writeEvent,
  writeHello,
  writeHelloReply,
  writeRunStep,
  writeTelemetry,
  writeTelemetryRate,
  writeUploadBegin,
  writeUploadChunk,
  writeUploadDone,
  type MessageLayout,
  type TelemetryFields,
  type WireField,
} from "../../firmware/protocol/codec";
import { decodeLanderMessage } from "../../host-tools/src/link/lander-decode";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { PROTOCOL_DOC, documentedParagraph, telemetryParagraph, updateProtocolDoc } from "../support/protocol-docs";

const w = new FrameWriter(MAX_FRAME_BYTES);
const u = (bits: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: 2 ** bits - 1 });
/** A value that survives the wire exactly: a whole number of the field's units, within its range. */
const scaled = (min: number, max: number, scale: number): fc.Arbitrary<number> =>
  fc.integer({ min, max }).map((n) => n / scale);
const ascii = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength, maxLength });

/** Values a telemetry field carries exactly, from its width and scale in the layout; a flags field gives its bits. */
function telemetryValues(field: WireField): Record<string, fc.Arbitrary<unknown>> {
  if (field.bits) return Object.fromEntries(field.bits.map((bit) => [bit, fc.boolean()]));
  const bits = Math.min(32, SEPTETS[field.type] * 7);
  const one = field.type === "i14" ? scaled(-8192, 8191, field.scale ?? 1) : scaled(0, 2 ** bits - 1, field.scale ?? 1);
  const count = field.count;
  return { [field.name]: count ? fc.array(one, { minLength: count, maxLength: count }) : one };
}

const telemetry = fc.record(
  Object.assign({}, ...TELEMETRY_BODY.map(telemetryValues)) as Record<string, fc.Arbitrary<unknown>>,
) as unknown as fc.Arbitrary<TelemetryFields>;

/** A copy of the frame the shared writer just made (fast-check may keep a value while it shrinks another). */
const frame = (length: number): Uint8Array => w.bytes.slice(0, length);

/** Every lander message, with random fields, as the firmware's encoders write it: [frame length, what it says]. */
const landerMessage: fc.Arbitrary<{ type: Msg; bytes: Uint8Array; expected: object }> = fc.oneof(
  fc
    .record({
      request: u(7),
      resetReason: u(7),
      checkpoint: u(14),
      missionCrc: u(32),
      checkpointCrc: u(32),
      firmwareVersion: ascii(0, 8),
      boardId: ascii(1, 24),
    })
    .map(({ request, ...info }) => ({
      type: Msg.HelloReply,
      bytes: frame(writeHelloReply(w, request, info)),
      expected: { kind: "hello-reply", request, lander: info },
    })),
  fc.tuple(u(7), u(7), u(7)).map(([request, command, result]) => ({
    type: Msg.Ack,
    bytes: frame(writeAck(w, request, command, result)),
    expected: { kind: "ack", request, command, result },
  })),
  fc.tuple(u(7), telemetry).map(([request, t]) => ({
    type: Msg.Status,
    bytes: frame(writeTelemetry(w, t, request)),
    expected: { kind: "status", request, telemetry: { kind: "telemetry", ...t } },
  })),
  telemetry.map((t) => ({
    type: Msg.Telemetry,
    bytes: frame(writeTelemetry(w, t)),
    expected: { kind: "telemetry", ...t },
  })),
  fc.tuple(u(7), u(32), u(14)).map(([event, nowMs, value]) => ({
    type: Msg.Event,
    bytes: frame(writeEvent(w, event, nowMs, value)),
    expected: { kind: "event", event, nowMs, value },
  })),
  fc.tuple(u(14), u(7), u(14)).map(([seq, result, expected]) => ({
    type: Msg.ChunkAck,
    bytes: frame(writeChunkAck(w, seq, result, expected)),
    expected: { kind: "chunk-ack", seq, result, expected },
  })),
  fc.tuple(u(7), u(21), u(32), u(7), u(32)).map(([result, length, crc, refusal, detail]) => ({
    type: Msg.UploadDone,
    bytes: frame(writeUploadDone(w, result, length, crc, refusal, detail)),
    expected: { kind: "upload-done", result, length, crc, refusal, detail },
  })),
  fc.tuple(u(7), u(7)).map(([result, command]) => ({
    type: Msg.Error,
    bytes: frame(writeError(w, result, command)),
    expected: { kind: "error", result, command },
  })),
);

/** The frame's field septets: [F0, 0F, type, fields..., check, F7]. */
const fieldsOf = (length: number): number => length - 5;
/** The sysex as the decoder hands it over, and its length with the check septet. */
const inner = (bytes: Uint8Array, length: number): [Uint8Array, number] => [bytes.slice(1, length - 1), length - 2];

function layout(table: readonly MessageLayout[], type: Msg): MessageLayout {
  const found = table.find((l) => l.type === type);
  if (!found) throw new Error(`no layout for ${type}`);
  return found;
}

describe("wire layouts, declared once", () => {
  it("every lander encoder writes its layout's fields, and the table-driven decoder reads back what was written", () => {
    fc.assert(
      fc.property(landerMessage, ({ type, bytes, expected }) => {
        const l = layout(LANDER_MESSAGES, type);
        const length = bytes.length;
        const decoded = decodeLanderMessage(...inner(bytes, length));
        expect(decoded).toMatchObject(expected);
        const texts =
          decoded?.kind === "hello-reply"
            ? 2 * ((decoded.lander?.firmwareVersion.length ?? 0) + (decoded.lander?.boardId.length ?? 0))
            : 0;
        expect(fieldsOf(length)).toBe(fieldSeptets(l.fields) + texts);
      }),
    );
  });

  it("every lander message cut by k septets and sealed again with a valid check decodes to nothing", () => {
    fc.assert(
      fc.property(landerMessage, fc.integer({ min: 1, max: 200 }), ({ bytes }, cut) => {
        const fields = fieldsOf(bytes.length);
        const k = 1 + (cut % fields);
        // [F0, 0F, type, fields without the last k..., check, F7]
        const kept = Array.from(bytes.subarray(0, bytes.length - 2 - k));
        const check = kept.slice(1).reduce((sum, b) => sum + b, 0) & 0x7f;
        const frame = Uint8Array.from([...kept, check, 0xf7]);
        expect(decodeLanderMessage(...inner(frame, frame.length))).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("every host encoder writes its layout, and the lander's minimum for it is what a minimal sender sends", () => {
    const step = Uint8Array.of(1, 2, 3, 4, 5);
    const chunk = Uint8Array.of(9, 8, 7);
    const written: [Msg, number, number][] = [
      // [type, field septets written, of which the packed tail]
      [Msg.Hello, fieldsOf(writeHello(w, 1, true)), 0],
      [Msg.TelemetryRate, fieldsOf(writeTelemetryRate(w, 1, 250)), 0],
      [Msg.UploadBegin, fieldsOf(writeUploadBegin(w, 1, 100, 0xdeadbeef)), 0],
      [Msg.UploadChunk, fieldsOf(writeUploadChunk(w, 3, 0x1234, chunk, 0, chunk.length)), 4],
      [Msg.RunStep, fieldsOf(writeRunStep(w, 1, step)), 6],
      ...[Msg.Start, Msg.Pause, Msg.Resume, Msg.Abort, Msg.EStop, Msg.Continue, Msg.Arm, Msg.Disarm].map(
        (type): [Msg, number, number] => [type, fieldsOf(writeCommand(w, type, 1)), 0],
      ),
    ];
    for (const [type, fields, tail] of written) {
      const l = layout(HOST_MESSAGES, type);
      expect(fields - tail, l.name).toBe(fieldSeptets(l.fields));
      expect(minimumFields(type), l.name).toBeLessThanOrEqual(fields);
    }
    // Hello's flags may be left out by a minimal sender (docs/protocol.md's hand-typed bytes).
    expect(minimumFields(Msg.Hello)).toBe(3);
    expect(minimumFields(0x7e)).toBe(-1);
  });
});

/** The widths a docs/protocol.md field list names, in order: `req` is a u7, `a, b, c i14` three i14s. */
function documentedTypes(list: string): string[] {
  const types: string[] = [];
  for (const item of list.split(/,\s*(?![^(]*\))/)) {
    const type = item.match(/\b(u7|u14|u21|u32|i14)\b/)?.[1];
    if (item.trim() === "req") types.push("u7");
    else if (type) types.push(type);
    else types.push("");
  }
  return types;
}

function layoutTypes(fields: readonly WireField[]): string[] {
  return fields.flatMap((f) => Array<string>(f.count ?? 1).fill(f.type));
}

describe("docs/protocol.md matches the layouts", () => {
  const doc = readFileSync(path.join(REPO_ROOT, "docs", "protocol.md"), "utf8");
  const rows = new Map<string, string>();
  for (const match of doc.matchAll(/^\| `0x([0-9a-f]{2})` \| (\w+)\s*\| ([^|]*)\|/gm)) {
    rows.set(match[2]!, match[3]!.trim());
  }

  it.each([...HOST_MESSAGES, ...LANDER_MESSAGES].map((l) => [l.name, l] as const))("%s", (name, l) => {
    const documented = rows.get(name);
    expect(documented, `${name} has a row in docs/protocol.md`).toBeDefined();
    // The row's widths in order, up to its variable part (packed data, strings, the telemetry body).
    const fixed = documented!.split(/, (?:data|compiled step|telemetry body|firmware version)/)[0]!;
    let types = documentedTypes(fixed).filter((t) => t !== "");
    if (name === "Status") types = [...types, ...layoutTypes(TELEMETRY_BODY)];
    if (name === "Telemetry") types = layoutTypes(TELEMETRY_BODY);
    expect(types).toEqual(layoutTypes(l.fields));
  });

  it("the telemetry body, field by field, and its septet count (made from the layout)", () => {
    if (process.env.FARSIDE_UPDATE_DOCS) updateProtocolDoc();
    const documented = documentedParagraph(readFileSync(PROTOCOL_DOC, "utf8"));
    // On a mismatch: npm run docs:protocol writes the paragraph the layout makes.
    expect(documented).toBe(telemetryParagraph());
  });
});
