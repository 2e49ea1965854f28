// A host talking to the firmware in XS over its virtual UART, in virtual time: every byte the
// lander writes goes through the host decoder, so tests read typed messages.
import {
  FrameWriter,
  MAX_CHUNK_BYTES,
  MAX_FRAME_BYTES,
  Msg,
  Result,
  crc32,
  writeCommand,
  writeUploadBegin,
  writeUploadChunk,
} from "../../firmware/protocol/codec";
import type { BoardConfig } from "../../firmware/board/config";
import { HostDecoder, type HostMessage } from "../../host-tools/src/link/host-decoder";
import type { SimReply } from "../../host-tools/src/sim/protocol";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

/** Time for an answer to come back at 115200 baud: the longest, Firmata's capability response, is about 500 bytes. */
const ANSWER_MS = 50;

export class SimLink {
  readonly messages: HostMessage[] = [];
  readonly w = new FrameWriter(MAX_FRAME_BYTES + 64);
  private readonly decoder = new HostDecoder((message) => this.messages.push(message));

  private constructor(readonly lander: VirtualLander) {}

  static async boot(board: BoardConfig, options: Parameters<typeof VirtualLander.boot>[1] = {}): Promise<SimLink> {
    const link = new SimLink(await VirtualLander.boot(board, options));
    // The boot greeting leaves through the UART at the baud rate.
    await link.advance(ANSWER_MS);
    return link;
  }

  /**
   * Sends bytes, or the frame the shared writer just built (`length` from a write* call), and
   * lets the link carry them there and any short answer back.
   */
  /** A fresh board, flash and world on the same engine (VirtualLander.restart), its greeting taken. */
  async restart(options: Parameters<VirtualLander["restart"]>[0] = {}): Promise<void> {
    await this.lander.restart(options);
    this.messages.length = 0;
    await this.advance(ANSWER_MS);
    this.messages.length = 0;
  }

  async send(bytes: readonly number[] | number): Promise<void> {
    const data = typeof bytes === "number" ? Array.from(this.w.bytes.subarray(0, bytes)) : bytes;
    this.takeReply(await this.lander.sendSerial(data));
    // The bytes take their byte-times to arrive, and the answer as long again to come back.
    this.takeReply(await this.lander.advance(this.lander.wireMs(data.length) + ANSWER_MS));
  }

  /** Arms the lander for motion and takes its acknowledgement, which must be Ok. */
  async arm(request = 120): Promise<void> {
    await this.send(writeCommand(this.w, Msg.Arm, request));
    const at = this.messages.findIndex((m) => m.kind === "ack" && m.request === request && m.command === Msg.Arm);
    const ack = this.messages[at];
    if (!ack || ack.kind !== "ack" || ack.result !== Result.Ok) throw new Error("the lander refused to arm");
    this.messages.splice(at, 1);
  }

  /** Uploads a compiled mission as LanderClient does, chunk by chunk; the lander's verdict on the whole. */
  async upload(mission: Uint8Array, request = 10): Promise<Result | undefined> {
    await this.send(writeUploadBegin(this.w, request, mission.length, crc32(mission)));
    for (let seq = 0; seq * MAX_CHUNK_BYTES < mission.length; seq++) {
      const start = seq * MAX_CHUNK_BYTES;
      const end = Math.min(start + MAX_CHUNK_BYTES, mission.length);
      await this.send(writeUploadChunk(this.w, seq, crc32(mission, start, end), mission, start, end));
    }
    return this.drain("upload-done")[0]?.result;
  }

  async advance(ms: number): Promise<void> {
    this.takeReply(await this.lander.advance(ms));
  }

  /**
   * Advances until a message of a kind has arrived, or `withinMs` has passed: for answers that
   * follow work the lander's thread takes a while over (a whole mission checked and stored).
   */
  async awaitMessage(kind: HostMessage["kind"], withinMs = 1000): Promise<void> {
    for (let waited = 0; waited < withinMs && !this.messages.some((m) => m.kind === kind); waited += 10) {
      await this.advance(10);
    }
  }

  /** Removes and returns every message of a kind received so far. */
  drain<K extends HostMessage["kind"]>(kind: K): Extract<HostMessage, { kind: K }>[] {
    const found: Extract<HostMessage, { kind: K }>[] = [];
    for (let i = 0; i < this.messages.length;) {
      const message = this.messages[i]!;
      if (message.kind === kind) {
        found.push(message as Extract<HostMessage, { kind: K }>);
        this.messages.splice(i, 1);
      } else i++;
    }
    return found;
  }

  close(): void {
    this.lander.close();
  }

  private takeReply(reply: SimReply): void {
    this.take(reply.serial);
  }

  private take(pairs: readonly number[]): void {
    const bytes = new Uint8Array(pairs.length / 2);
    for (let i = 1; i < pairs.length; i += 2) bytes[(i - 1) / 2] = pairs[i]!;
    this.decoder.push(bytes);
  }
}
