// fast-check arbitraries for link byte streams: valid messages of every kind the link carries,
// and the damage a serial line does to them (noise, cut-off messages, flipped bits, floods).
import fc from "fast-check";
import {
  FrameWriter,
  LANDER_SYSEX,
  Msg,
  writeCommand,
  blankTelemetry,
  writeTelemetry,
  writeUploadChunk,
} from "../../firmware/protocol/codec";

const writer = new FrameWriter(1024);
const take = (length: number): number[] => Array.from(writer.bytes.subarray(0, length));

const channelMessage = fc
  .tuple(
    fc.constantFrom(0x90, 0xe0),
    fc.integer({ min: 0, max: 15 }),
    fc.integer({ min: 0, max: 127 }),
    fc.integer({ min: 0, max: 127 }),
  )
  .map(([command, channel, a, b]) => [command | channel, a, b]);
const shortMessage = fc
  .tuple(fc.constantFrom(0xc0, 0xd0), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 1 }))
  .map(([command, channel, on]) => [command | channel, on]);
const pinMode = fc
  .tuple(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 127 }))
  .map(([pin, mode]) => [0xf4, pin, mode]);
const command = fc
  .tuple(fc.constantFrom(Msg.Start, Msg.Pause, Msg.Heartbeat, Msg.StatusQuery), fc.integer({ min: 0, max: 127 }))
  .map(([type, request]) => take(writeCommand(writer, type, request)));
const chunk = fc
  .tuple(fc.integer({ min: 0, max: 16383 }), fc.uint8Array({ minLength: 1, maxLength: 256 }))
  .map(([seq, data]) => take(writeUploadChunk(writer, seq, 0, data, 0, data.length)));
const telemetry = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((nowMs) =>
  take(
    writeTelemetry(
      writer,
      blankTelemetry({
        nowMs,
        mode: 1,
        phase: 2,
        step: 3,
        joints: [10, 20, 30, 40],
        depthMm: 12.5,
        rpm: 300,
        loadAmps: 0.4,
        batteryVolts: 7.6,
        lid: 10,
        hostWatched: true,
        longestTickMs: 3,
      }),
    ),
  ),
);

/** One complete, valid message as bytes. */
export const validMessage: fc.Arbitrary<number[]> = fc.oneof(
  channelMessage,
  shortMessage,
  pinMode,
  fc.constant<number[]>([0xf9]),
  command,
  chunk,
  telemetry,
  fc.constant<number[]>([0xf0, LANDER_SYSEX, 0x7e, 0xf7]),
);

/** What a bad line does before a message: nothing, noise, a cut-off message, a flood. */
export const damage: fc.Arbitrary<number[]> = fc.oneof(
  fc.constant<number[]>([]),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
  validMessage.chain((m) => fc.integer({ min: 1, max: Math.max(1, m.length - 1) }).map((cut) => m.slice(0, cut))),
  validMessage.chain((m) =>
    fc
      .tuple(fc.nat(m.length - 1), fc.integer({ min: 1, max: 255 }))
      .map(([at, flip]) => m.map((b, i) => (i === at ? b ^ flip : b))),
  ),
  fc.integer({ min: 321, max: 2000 }).map((n) => [0xf0, ...Array.from({ length: n }, (_, i) => i & 0x7f)]),
);

/** Data bytes only: noise that cannot itself look like a message. */
export const quietNoise: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 40 });

export interface DamagedStream {
  readonly bytes: Uint8Array;
  /** The valid messages in order, as the decoder must report them. */
  readonly messages: readonly number[][];
}

export function damagedStream(noise: fc.Arbitrary<number[]>): fc.Arbitrary<DamagedStream> {
  return fc.array(fc.tuple(noise, validMessage), { minLength: 1, maxLength: 12 }).map((parts) => ({
    bytes: Uint8Array.from(parts.flatMap(([junk, message]) => [...junk, ...message])),
    messages: parts.map(([, message]) => message),
  }));
}

/** A decoded message as the decoders' test handlers record it, for comparison with the input. */
export function asDecoded(message: readonly number[]): number[] {
  if (message[0] === 0xf0) return [0xf0, ...message.slice(1, -1)];
  return [message[0], message[1] ?? 0, message[2] ?? 0];
}

/** True if `needles` appear in `haystack` in order (other messages may come between). */
export function isSubsequence(needles: readonly number[][], haystack: readonly number[][]): boolean {
  let at = 0;
  for (const item of haystack) {
    if (at < needles.length && JSON.stringify(item) === JSON.stringify(needles[at])) at++;
  }
  return at === needles.length;
}
