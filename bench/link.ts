// Link figures, measured on the firmware in XS over its virtual UART: bytes on the wire per
// mission byte uploaded, and command-to-ack round trips in byte-times at 115200 baud. Counts of
// bytes and virtual time do not drift with the machine's load.
import type { BoardConfig } from "../firmware/board/config";
import {
  FrameWriter,
  MAX_CHUNK_BYTES,
  MAX_FRAME_BYTES,
  Msg,
  crc32,
  writeCommand,
  writeHello,
  writeUploadBegin,
  writeUploadChunk,
} from "../firmware/protocol/codec";
import { HostDecoder, type HostMessage } from "../host-tools/src/link/host-decoder";
import type { SimReply } from "../host-tools/src/sim/protocol";
import { VirtualLander } from "../host-tools/src/sim/virtual-lander";
import { missionOfSize } from "../test/support/missions";

export interface UploadFigure {
  readonly payload: number;
  readonly hostToLander: number;
  readonly landerToHost: number;
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
    this.sent += length;
    this.lastOut = [];
    this.take(await this.lander.sendSerial(Array.from(this.w.bytes.subarray(0, length))));
    this.take(await this.lander.advance(this.lander.wireMs(length + MAX_FRAME_BYTES) + 2));
  }

  private take(reply: SimReply): void {
    for (const value of reply.serial) this.lastOut.push(value);
    const bytes = Uint8Array.from(reply.serial.filter((_, i) => i % 2 === 1));
    this.received += bytes.length;
    this.decoder.push(bytes);
  }
}

export async function measureUpload(board: BoardConfig, payload: number): Promise<UploadFigure> {
  const lander = await VirtualLander.boot(board, { keepTrace: false });
  try {
    const link = new BenchLink(lander);
    await link.send(writeHello(link.w, 1));
    link.sent = 0;
    link.received = 0;
    // A real compiled mission of that size: the lander refuses anything else at the end.
    const mission = missionOfSize(board, payload);
    await link.send(writeUploadBegin(link.w, 2, mission.length, crc32(mission)));
    for (let seq = 0; seq * MAX_CHUNK_BYTES < payload; seq++) {
      const start = seq * MAX_CHUNK_BYTES;
      const end = Math.min(start + MAX_CHUNK_BYTES, payload);
      await link.send(writeUploadChunk(link.w, seq, crc32(mission, start, end), mission, start, end));
    }
    const done = link.messages.find((m) => m.kind === "upload-done");
    if (!done || done.kind !== "upload-done" || done.result !== 0) throw new Error("upload did not complete");
    return { payload, hostToLander: link.sent, landerToHost: link.received };
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
