// Link figures, measured on the firmware in XS over its virtual UART: bytes on the wire per
// mission byte uploaded and how full the lander's 128-byte RX FIFO gets meanwhile, and
// command-to-ack round trips in byte-times at 115200 baud. Counts of bytes and virtual time do
// not drift with the machine's load.
import type { BoardConfig } from "../firmware/board/config";
import {
  FrameWriter,
  MAX_CHUNK_BYTES,
  MAX_FRAME_BYTES,
  Msg,
  Result,
  crc32,
  writeCommand,
  writeHello,
  writeUploadBegin,
  writeUploadChunk,
} from "../firmware/protocol/codec";
import { FAULT_NAMES } from "../firmware/safety/faults";
import { HostDecoder, type HostMessage } from "../host-tools/src/link/host-decoder";
import type { SimReply } from "../host-tools/src/sim/protocol";
import { VirtualLander } from "../host-tools/src/sim/virtual-lander";
import { missionOfSize } from "../test/support/missions";

export interface UploadFigure {
  readonly payload: number;
  readonly baud: number;
  /** Everything the host wrote from UploadBegin to UploadDone: frames, resends and heartbeats. */
  readonly hostToLander: number;
  readonly landerToHost: number;
  /** Chunks sent again because the lander reported them bad or out of order, or never acknowledged them. */
  readonly resent: number;
  /** Lander ms from UploadBegin leaving the host to UploadDone reaching it. */
  readonly uploadMs: number;
  /** The RX FIFO's fullest (bytes) and the bytes lost to it being full, over the whole session. */
  readonly rxHighWater: number;
  readonly rxOverflowed: number;
  /** "accepted", or why not: the lander's refusal (its Firmata string), or "no UploadDone". */
  readonly outcome: string;
  /** Control ticks the lander counted as overruns during the upload, and its fault at the end. */
  readonly overruns: number;
  readonly fault: string;
}

export interface RoundTripFigure {
  readonly command: string;
  readonly requestBytes: number;
  readonly replyBytes: number;
  /** Virtual ms from the request's first byte leaving the host to the reply's last byte reaching it. */
  readonly roundTripMs: number;
  readonly byteTimes: number;
}

/** 8N1: ten bit-times a byte. */
export function bytesPerMs(baud: number): number {
  return baud / 10 / 1000;
}

class BenchLink {
  readonly w = new FrameWriter(MAX_FRAME_BYTES + 64);
  sent = 0;
  received = 0;
  lastOut: number[] = [];
  readonly messages: HostMessage[] = [];
  private readonly decoder = new HostDecoder((m) => this.messages.push(m));

  constructor(readonly lander: VirtualLander) {}

  /** Sends a frame and waits long enough, in virtual time, for it to arrive and an answer to return. */
  async send(length: number): Promise<void> {
    await this.write(length);
    this.take(await this.lander.advance(this.lander.wireMs(length + MAX_FRAME_BYTES) + 2));
  }

  /** Writes a frame to the host's side of the wire at once, as LanderClient's transport.write does. */
  async write(length: number): Promise<void> {
    this.sent += length;
    this.lastOut = [];
    this.take(await this.lander.sendSerial(Array.from(this.w.bytes.subarray(0, length))));
  }

  /** Advances the lander's clock by `ms` and reads what it sent meanwhile. */
  async advance(ms: number): Promise<void> {
    this.take(await this.lander.advance(ms));
  }

  private take(reply: SimReply): void {
    for (const value of reply.serial) this.lastOut.push(value);
    const bytes = Uint8Array.from(reply.serial.filter((_, i) => i % 2 === 1));
    this.received += bytes.length;
    this.decoder.push(bytes);
  }
}

/** Chunks LanderClient keeps in flight before the first is acknowledged (its default window). */
export const UPLOAD_WINDOW = 2;
/** LanderClient's defaults: how long it waits for a chunk's ack, and its heartbeat period. */
const ACK_TIMEOUT_MS = 400;
const HEARTBEAT_MS = 500;

/**
 * Uploads a real compiled mission of `payload` bytes the way LanderClient.uploadMission does:
 * UploadBegin and its ack, then chunks `window` in flight (go-back-N from where the lander says
 * on a bad or missing ack), a heartbeat every 500 ms meanwhile, until UploadDone. The host reacts
 * to what the lander sends within eight byte-times, far quicker than a USB-serial bridge
 * delivers, so the lander's RX FIFO sees the most a host with this window can put in it.
 */
export async function measureUpload(
  board: BoardConfig,
  payload: number,
  window = UPLOAD_WINDOW,
): Promise<UploadFigure> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  try {
    const link = new BenchLink(lander);
    await link.send(writeHello(link.w, 1));
    const stepMs = (8 * 10_000) / board.link.baud;
    let nextBeatMs = lander.simMs + HEARTBEAT_MS;
    let request = 2;
    /** Advances in small steps, sending heartbeats when due, until `done` or `limitMs` has passed. */
    const pump = async (done: () => boolean, limitMs: number): Promise<boolean> => {
      const endMs = lander.simMs + limitMs;
      while (!done()) {
        if (lander.simMs >= endMs) return false;
        if (lander.simMs >= nextBeatMs) {
          nextBeatMs += HEARTBEAT_MS;
          await link.write(writeCommand(link.w, Msg.Heartbeat, request));
          request = (request + 1) & 0x7f;
        }
        await link.advance(Math.min(stepMs, endMs - lander.simMs));
      }
      return true;
    };
    link.sent = 0;
    link.received = 0;
    link.messages.length = 0;
    const beganMs = lander.simMs;
    const overrunsBefore = lander.status.overruns;
    // A real compiled mission of that size: the lander refuses anything else at the end.
    const mission = missionOfSize(board, payload);
    const begin = request++;
    await link.write(writeUploadBegin(link.w, begin, mission.length, crc32(mission)));
    const acked = (): boolean => link.messages.some((m) => m.kind === "ack" && m.request === begin);
    if (!(await pump(acked, ACK_TIMEOUT_MS))) throw new Error("UploadBegin was not acknowledged");
    const count = Math.ceil(payload / MAX_CHUNK_BYTES);
    let seen = link.messages.length;
    let base = 0;
    let next = 0;
    let resent = 0;
    let tries = 0;
    const nextAck = async (): Promise<Extract<HostMessage, { kind: "chunk-ack" }> | undefined> => {
      for (;;) {
        while (seen < link.messages.length) {
          const m = link.messages[seen++];
          if (m.kind === "chunk-ack") return m;
        }
        if (!(await pump(() => seen < link.messages.length, ACK_TIMEOUT_MS))) return undefined;
      }
    };
    while (base < count) {
      while (next < count && next < base + window) {
        const start = next * MAX_CHUNK_BYTES;
        const end = Math.min(start + MAX_CHUNK_BYTES, payload);
        await link.write(writeUploadChunk(link.w, next, crc32(mission, start, end), mission, start, end));
        next++;
      }
      const ack = await nextAck();
      if (!ack) {
        if (++tries >= 6) throw new Error(`chunk ${base} of ${count} never acknowledged`);
        resent += next - base;
        next = base;
      } else if (ack.result === Result.Ok) {
        if (ack.expected > base) {
          base = ack.expected;
          tries = 0;
        }
      } else if (ack.result === Result.BadCrc || ack.result === Result.OutOfOrder) {
        if (++tries >= 6) throw new Error(`chunk ${ack.seq} refused (${ack.result}) six times`);
        resent += next - ack.expected;
        base = next = ack.expected;
        // LanderClient lets what is still in flight arrive and forgets its acks.
        await link.advance(20);
        seen = link.messages.length;
      } else {
        throw new Error(`chunk ${ack.seq} refused (${ack.result})`);
      }
    }
    const isDone = (): boolean => link.messages.some((m) => m.kind === "upload-done");
    await pump(isDone, ACK_TIMEOUT_MS * (count + 4) * 4);
    const done = link.messages.find((m) => m.kind === "upload-done");
    const refusal = link.messages.filter((m) => m.kind === "string").pop();
    const outcome =
      done?.kind !== "upload-done"
        ? "no UploadDone"
        : done.result === Result.Ok
          ? "accepted"
          : refusal?.kind === "string"
            ? refusal.text
            : `result ${done.result}`;
    return {
      payload,
      baud: board.link.baud,
      hostToLander: link.sent,
      landerToHost: link.received,
      resent,
      uploadMs: lander.simMs - beganMs,
      rxHighWater: lander.status.rxHighWater,
      rxOverflowed: lander.status.rxOverflowed,
      outcome,
      overruns: lander.status.overruns - overrunsBefore,
      fault: FAULT_NAMES[lander.status.fault] ?? String(lander.status.fault),
    };
  } finally {
    lander.close();
  }
}

/**
 * What one upload chunk costs the lander, on its own: a 40-byte chunk sent to an idle lander
 * (physics off), ten times at different points of the 20 ms tick. `turnaroundMs`: lander ms
 * from the chunk's last byte reaching the lander to its ack's first byte leaving it, the least
 * of the ten (the one no tick held up): the RX timeout and the firmware's work as the cost model
 * charges it. `computrons`: what the engine ran over 100 ms with the chunk, less 100 ms without
 * one (the least of the ten), stand-ins for Moddable's C drivers included.
 */
export async function measureChunkCost(board: BoardConfig): Promise<{ turnaroundMs: number; computrons: number }> {
  const lander = await VirtualLander.boot(board, { keepTrace: false, physics: false });
  const byteMs = 1 / bytesPerMs(board.link.baud);
  try {
    const link = new BenchLink(lander);
    await lander.advance(500);
    await link.send(writeHello(link.w, 1, false));
    const mission = missionOfSize(board, 1024);
    await link.send(writeUploadBegin(link.w, 2, mission.length, crc32(mission)));
    await lander.advance(100);
    let turnaroundMs = Infinity;
    let computrons = Infinity;
    for (let seq = 0; seq < 10; seq++) {
      // Shifts the chunk's arrival against the tick, 7 ms more each time.
      await link.advance(7);
      await link.advance(100);
      const idle = lander.meter.compute;
      const start = seq * MAX_CHUNK_BYTES;
      const end = start + MAX_CHUNK_BYTES;
      const sentMs = lander.simMs;
      const length = writeUploadChunk(link.w, seq, crc32(mission, start, end), mission, start, end);
      await link.write(length);
      await link.advance(100);
      computrons = Math.min(computrons, lander.meter.compute - idle);
      // lastOut: flat pairs of when each byte finished reaching the host, and the byte.
      const ackFirstByteMs = link.lastOut[0];
      if (ackFirstByteMs !== undefined)
        turnaroundMs = Math.min(turnaroundMs, ackFirstByteMs - byteMs - (sentMs + length * byteMs));
    }
    return { turnaroundMs, computrons };
  } finally {
    lander.close();
  }
}

export async function measureRoundTrips(board: BoardConfig): Promise<RoundTripFigure[]> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  const perMs = bytesPerMs(board.link.baud);
  try {
    const link = new BenchLink(lander);
    await link.send(writeHello(link.w, 1));
    await lander.advance(100);
    const figures: RoundTripFigure[] = [];
    const cases: [string, Msg][] = [
      ["heartbeat", Msg.Heartbeat],
      ["status query", Msg.StatusQuery],
      ["pause (refused while idle)", Msg.Pause],
      ["e-stop", Msg.EStop],
    ];
    let request = 10;
    for (const [name, type] of cases) {
      const length = writeCommand(link.w, type, request++);
      const sentMs = lander.simMs;
      await link.send(length);
      const out = link.lastOut;
      const roundTripMs = out.length > 0 ? (out[out.length - 2] ?? 0) - sentMs : NaN;
      figures.push({
        command: name,
        requestBytes: length,
        replyBytes: out.length / 2,
        roundTripMs,
        byteTimes: roundTripMs * perMs,
      });
      await lander.advance(100);
    }
    return figures;
  } finally {
    lander.close();
  }
}
