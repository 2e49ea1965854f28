// The host's side of the link: handshake, typed requests with timeouts and retries, mission
// upload with retransmit, and an event stream of telemetry and lander events.
import { EventEmitter } from "node:events";
import {
  FrameWriter,
  MAX_CHUNK_BYTES,
  MAX_CHUNKS_IN_FLIGHT,
  MAX_FRAME_BYTES,
  Msg,
  Result,
  crc32,
  writeCommand,
  writeHello,
  writeRunStep,
  writeTelemetryRate,
  writeUploadBegin,
  writeUploadChunk,
} from "../../../firmware/protocol/codec";
import { type LanderMessage, type Telemetry } from "./lander-decode";
import {
  END_SYSEX,
  EXTENDED_ANALOG,
  FIRST_MICROSECOND_VALUE,
  REPORT_VERSION,
  START_SYSEX,
  SYSTEM_RESET,
} from "../../../firmware/protocol/firmata";
import { UserError } from "../errors";
import { HostDecoder, type HostMessage } from "./host-decoder";
import { commandLabel } from "../labels";
import { ChunkAckQueue, chunkCount, sendChunks } from "./chunk-sender";
import { landerInfo, type ClientEvents, type ClientOptions, type LanderInfo } from "./client-contract";
import type { ByteTransport } from "./byte-transport";
import { WALL_CLOCK, type HostClock, type HostTimer } from "./host-clock";
import { ReplyWaiters } from "./reply-waiters";
import { LinkLostError, MissionRefusedError, RefusedError } from "./client-errors";

export type { ClientEvents, ClientOptions, LanderInfo } from "./client-contract";
export { LinkLostError, MissionRefusedError, RefusedError } from "./client-errors";

type HelloReply = Extract<LanderMessage, { kind: "hello-reply" }>;
type Ack = Extract<LanderMessage, { kind: "ack" }>;
type UploadDone = Extract<LanderMessage, { kind: "upload-done" }>;

export class LanderClient extends EventEmitter<ClientEvents> {
  info: LanderInfo | undefined;
  private readonly decoder: HostDecoder;
  /** The last line the link sent as a Firmata string, and how many came: a refusal may say why in one. */
  private lastString = "";
  private strings = 0;
  private readonly writer = new FrameWriter(MAX_FRAME_BYTES);
  private readonly waiters: ReplyWaiters;
  /** Chunk acks not yet consumed by an upload: they may arrive while the next chunk is written. */
  private readonly chunkAcks: ChunkAckQueue;
  private nextRequest = 0;
  private heartbeat: HostTimer | undefined;
  /** When this host last sent the lander a message of its own protocol (its clock's ms). */
  private lastFrameMs = -Infinity;
  private closed: Error | undefined | false = false;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly heartbeatMs: number;
  private readonly window: number;
  /** What its replies time out and its heartbeats beat on: the simulator's clock on an in-process one. */
  readonly clock: HostClock;

  constructor(
    private readonly transport: ByteTransport,
    options: ClientOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 400;
    this.attempts = options.attempts ?? 3;
    this.heartbeatMs = options.heartbeatMs ?? 500;
    this.window = Math.max(1, Math.min(options.window ?? MAX_CHUNKS_IN_FLIGHT, MAX_CHUNKS_IN_FLIGHT));
    this.clock = options.clock ?? WALL_CLOCK;
    this.waiters = new ReplyWaiters(this.clock);
    this.chunkAcks = new ChunkAckQueue(this.timeoutMs, this.clock);
    this.decoder = new HostDecoder((message) => this.receive(message));
    transport.onData((chunk) => this.decoder.push(chunk));
    transport.onClose((error) => {
      this.stopHeartbeat();
      this.closed = error;
      // Whatever waits for a reply learns now: on a simulator's clock that has stopped, its
      // timeout would never come.
      this.waiters.abandonAll();
      this.chunkAcks.wake();
      this.emit("close", error);
    });
  }

  /**
   * Opens a session: Firmata's version query (which also wakes a board that already sent its
   * boot greeting to nobody), then Hello. Refuses a lander speaking another protocol major.
   * `watch` (the default) asks the lander to stop if this host falls silent; a host that only
   * follows a mission it started passes false, so the mission survives it.
   */
  async connect(options: { watch?: boolean } = {}): Promise<LanderInfo> {
    await this.transport.write(Uint8Array.of(REPORT_VERSION));
    const request = this.takeRequestId();
    const watch = options.watch ?? true;
    const reply = await this.exchange(
      "hello",
      () => this.frame(writeHello(this.writer, request, watch)),
      (m): m is HelloReply => m.kind === "hello-reply" && m.request === request,
    );
    this.info = landerInfo(reply);
    this.heartbeat = this.clock.every(this.heartbeatMs, () => {
      // Any lander message tells the lander this host is there: a heartbeat only fills silence.
      if (this.clock.now() - this.lastFrameMs < this.heartbeatMs) return;
      this.command(Msg.Heartbeat).catch(() => undefined);
    });
    return this.info;
  }

  /**
   * Allows motion: until armed the lander refuses servo writes, start, resume, continue and
   * steps. Refused while e-stop is held or the lander is getting safe; clears a commanded e-stop.
   * E-stop, a fault, a lost host, a reset and two minutes of silence disarm it again.
   */
  async arm(): Promise<void> {
    try {
      await this.command(Msg.Arm);
    } catch (error) {
      if (!(error instanceof RefusedError) || error.result !== Result.Refused || error.why) throw error;
      throw new RefusedError("arm", error.result, "its e-stop switch is held, or it is still getting safe");
    }
  }
  /** Forbids motion again; a running mission stops as on abort. */
  disarm(): Promise<void> {
    return this.command(Msg.Disarm);
  }
  start(): Promise<void> {
    return this.command(Msg.Start);
  }
  pause(): Promise<void> {
    return this.command(Msg.Pause);
  }
  resume(): Promise<void> {
    return this.command(Msg.Resume);
  }
  abort(): Promise<void> {
    return this.command(Msg.Abort);
  }
  /** Runs one compiled step now (the session must be watched); refused while the lander is busy. */
  async runStep(step: Uint8Array): Promise<void> {
    const request = this.takeRequestId();
    await this.acknowledged(Msg.RunStep, request, () => this.frame(writeRunStep(this.writer, request, step)));
  }

  /** Runs the interrupted mission again from its checkpoint's phase. */
  continueMission(): Promise<void> {
    return this.command(Msg.Continue);
  }
  estop(): Promise<void> {
    return this.command(Msg.EStop);
  }

  /**
   * Moves a servo by hand with Firmata's extended analog write, in whole degrees, as johnny-five
   * would. Needs no session; the lander clamps the angle to the joint's limits and refuses (with
   * a Firmata string, emitted as "string") while a mission runs or e-stop is active.
   */
  async moveServo(pin: number, degrees: number): Promise<void> {
    const value = Math.round(degrees);
    if (!(value >= 0 && value < FIRST_MICROSECOND_VALUE)) throw new RangeError(`servo angle ${degrees} out of 0..543`);
    await this.transport.write(
      Uint8Array.of(START_SYSEX, EXTENDED_ANALOG, pin & 0x7f, value & 0x7f, (value >> 7) & 0x7f, END_SYSEX),
    );
  }

  /** Firmata's SYSTEM_RESET: the lander forgets client settings, ends sessions and makes itself safe. */
  async systemReset(): Promise<void> {
    this.stopHeartbeat();
    this.info = undefined;
    await this.transport.write(Uint8Array.of(SYSTEM_RESET));
  }

  /** Telemetry every `intervalMs` (0 stops it); the lander keeps it within its own limits. */
  async setTelemetry(intervalMs: number): Promise<void> {
    const request = this.takeRequestId();
    await this.acknowledged(Msg.TelemetryRate, request, () =>
      this.frame(writeTelemetryRate(this.writer, request, intervalMs)),
    );
  }

  async status(): Promise<Telemetry> {
    const request = this.takeRequestId();
    const reply = await this.exchange(
      "status",
      () => this.frame(writeCommand(this.writer, Msg.StatusQuery, request)),
      (m): m is Extract<LanderMessage, { kind: "status" }> => m.kind === "status" && m.request === request,
    );
    return reply.telemetry;
  }

  /**
   * Sends a mission in CRC-checked chunks, a few in flight; a chunk the lander reports bad or
   * out of order, or that goes unacknowledged, is sent again from where the lander says.
   */
  async uploadMission(
    mission: Uint8Array,
    onProgress?: (sent: number, total: number) => void,
  ): Promise<{ crc: number; chunks: number; resent: number }> {
    const crc = crc32(mission);
    const chunkBytes = Math.min(this.info?.maxChunk ?? MAX_CHUNK_BYTES, MAX_CHUNK_BYTES);
    const count = chunkCount(mission.length, chunkBytes);
    const begin = this.takeRequestId();
    await this.acknowledged(Msg.UploadBegin, begin, () =>
      this.frame(writeUploadBegin(this.writer, begin, mission.length, crc)),
    );
    this.chunkAcks.clear();
    const done = this.waiters.wait((m): m is UploadDone => m.kind === "upload-done", this.timeoutMs * (count + 4) * 4);
    done.catch(() => undefined);
    const resent = await sendChunks(mission, chunkBytes, {
      window: this.window,
      attempts: this.attempts,
      write: (seq, start, end) =>
        this.sendFrame(this.frame(writeUploadChunk(this.writer, seq, crc32(mission, start, end), mission, start, end))),
      nextAck: () => this.chunkAcks.next(),
      drain: () => this.chunkAcks.drain(),
      onProgress,
    });
    const result = await done;
    if (result.result !== Result.Ok)
      throw new MissionRefusedError(result.result, result.refusal, result.detail, mission);
    return { crc, chunks: count, resent };
  }

  /**
   * Ends the session but keeps the link: a running mission goes on by itself (the lander no
   * longer watches this host's silence), and status queries still work.
   */
  async endSession(): Promise<void> {
    this.stopHeartbeat();
    if (this.closed === false && this.info) await this.command(Msg.Goodbye);
    this.info = undefined;
  }

  /**
   * Ends the session politely (so the lander does not fault) and closes the link. `disarm`: a
   * command that armed the lander for its own work leaves it disarmed, as it found it.
   */
  async close(options: { disarm?: boolean } = {}): Promise<void> {
    this.stopHeartbeat();
    if (this.closed === false && this.info) {
      if (options.disarm) await this.disarm().catch(() => undefined);
      await this.command(Msg.Goodbye).catch(() => undefined);
    }
    await this.transport.close();
  }

  private async command(type: Msg): Promise<void> {
    const request = this.takeRequestId();
    await this.acknowledged(type, request, () => this.frame(writeCommand(this.writer, type, request)));
  }

  private async acknowledged(type: Msg, request: number, build: () => Uint8Array): Promise<void> {
    const name = commandLabel(type);
    const heard = this.strings;
    const ack = await this.exchange(
      name,
      build,
      (m): m is Ack => m.kind === "ack" && m.request === request && m.command === type,
    );
    // A farside holding the port for another says why it refused a watcher's command, just before the Ack.
    const why = this.strings > heard ? this.lastString : undefined;
    if (ack.result !== Result.Ok) throw new RefusedError(name, ack.result, why);
  }

  /** Sends a request, resending the same bytes (same request id) until its reply comes. */
  private async exchange<T extends HostMessage>(
    name: string,
    build: () => Uint8Array,
    match: (message: HostMessage) => message is T,
  ): Promise<T> {
    const bytes = build();
    for (let attempt = 1; ; attempt++) {
      if (this.closed !== false) throw new LinkLostError(name, this.closed);
      const reply = this.waiters.wait(match, this.timeoutMs);
      // If the write fails (the port closed under us) nothing awaits the reply: its timeout
      // must not surface as an unhandled rejection.
      reply.catch(() => undefined);
      await this.sendFrame(bytes);
      try {
        return await reply;
      } catch {
        if (this.closed !== false) throw new LinkLostError(name, this.closed);
        if (attempt >= this.attempts) {
          throw new UserError(
            `lander did not answer ${name} after ${attempt} tries: is it running farside firmware at this baud rate?`,
          );
        }
      }
    }
  }

  private receive(message: HostMessage): void {
    this.waiters.offer(message);
    if (message.kind === "chunk-ack") this.chunkAcks.push(message);
    this.emit("message", message);
    if (message.kind === "telemetry") this.emit("telemetry", message);
    else if (message.kind === "event") this.emit("event", message);
    else if (message.kind === "string") {
      this.lastString = message.text;
      this.strings++;
      this.emit("string", message.text);
    }
  }

  /** A lander message out, noted for the heartbeat. */
  private sendFrame(bytes: Uint8Array): Promise<void> {
    this.lastFrameMs = this.clock.now();
    return this.transport.write(bytes);
  }

  private frame(length: number): Uint8Array {
    return this.writer.bytes.slice(0, length);
  }

  private takeRequestId(): number {
    const id = this.nextRequest;
    this.nextRequest = (this.nextRequest + 1) & 0x7f;
    return id;
  }

  private stopHeartbeat(): void {
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
  }
}
