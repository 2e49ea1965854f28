import type { LanderControl } from "../lander/lander-control";
import { Refusal } from "../lander/refusal";
import {
  EventKind,
  FrameWriter,
  HELLO_WATCH,
  MAX_FRAME_BYTES,
  MAX_STEP_BYTES,
  Msg,
  NO_CHECKPOINT,
  PROTOCOL_MAJOR,
  Result,
  CHUNK_SEQ,
  HELLO_FLAGS,
  HELLO_MAJOR,
  REQUEST,
  TELEMETRY_INTERVAL,
  UPLOAD_CRC,
  UPLOAD_LENGTH,
  field,
  fieldCount,
  has,
  stepData,
  minimumFields,
  writeAck,
  writeChunkAck,
  writeError,
  writeEvent,
  writeHelloReply,
  writeTelemetry,
  writeUploadDone,
} from "../protocol/codec";
import { FIRMWARE_MAJOR, FIRMWARE_MINOR } from "./firmata-server";
import { MissionReceiver, type MissionSink } from "./mission-receiver";
import type { Transmitter } from "./transmitter";

const MAX_TELEMETRY_INTERVAL_MS = 60_000;

/**
 * The lander's own messages on the link. A host opens a session with Hello; from then on its
 * silence longer than the lander's host timeout is a fault, and the lander sends it events and
 * telemetry. Commands that set the lander moving (start, resume, continue, a step) need a
 * session and an armed lander; upload needs a session; arm, disarm, the commands that stop it
 * (pause, abort, e-stop) and status queries are obeyed from anyone, so a plain Firmata client
 * can arm.
 */
export class LanderSession {
  readonly missions: MissionReceiver;
  private readonly w = new FrameWriter(MAX_FRAME_BYTES);
  private open = false;
  private readonly stepBuffer = new Uint8Array(MAX_STEP_BYTES);
  /** The host asked to be watched: its silence ends the session with a lost-host fault. */
  private watched = false;
  private telemetryMs = 0;
  private lastTelemetryMs = 0;
  // The last request's id, type and result, and the lander's changes of state by then: a host
  // that lost an ack resends the same request, which must be acknowledged again, not carried
  // out twice (a second Start would be refused). Once the lander has changed state (a mode, the
  // armed state, a fault, an upload's progress) the same id and type are a new request.
  private lastRequest = -1;
  private lastType = -1;
  private lastResult: Result = Result.Ok;
  private lastChanges = -1;
  private changes = 0;

  constructor(
    private readonly lander: LanderControl,
    private readonly tx: Transmitter,
    sink: MissionSink,
  ) {
    this.missions = new MissionReceiver(sink);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Ends the session without a fault: Goodbye, a Firmata system reset. */
  close(): void {
    this.open = false;
    this.lastRequest = -1;
    this.telemetryMs = 0;
    this.missions.cancel();
    this.lander.watchHost(false);
  }

  receive(sysex: Uint8Array, length: number): void {
    const type = sysex[1];
    this.lander.noteWatchedHostHeard();
    const needed = minimumFields(type);
    if (needed < 0) {
      this.send(writeError(this.w, Result.Unsupported, type));
      return;
    }
    if (fieldCount(length) < needed) {
      this.send(writeError(this.w, Result.BadRequest, type));
      return;
    }
    if (type === Msg.UploadChunk) {
      this.chunk(sysex, length);
      return;
    }
    const request = field(sysex, REQUEST);
    const repeat =
      request === this.lastRequest &&
      type === this.lastType &&
      this.changes === this.lastChanges &&
      !alwaysCarriedOut(type);
    const result = repeat ? this.lastResult : this.command(type, sysex, length, request);
    this.lastRequest = request;
    this.lastType = type;
    this.lastResult = result;
    this.lastChanges = this.changes;
    this.send(writeAck(this.w, request, type, result));
  }

  private command(type: number, sysex: Uint8Array, length: number, request: number): Result {
    switch (type) {
      case Msg.Hello:
        return this.hello(sysex, length, request);
      case Msg.Goodbye:
        this.close();
        return Result.Ok;
      case Msg.Heartbeat:
        return this.open ? Result.Ok : Result.NoSession;
      case Msg.StatusQuery:
        this.send(writeTelemetry(this.w, this.lander.status, request));
        return Result.Ok;
      case Msg.TelemetryRate: {
        if (!this.open) return Result.NoSession;
        const ms = field(sysex, TELEMETRY_INTERVAL);
        const period = this.lander.periodMs;
        this.telemetryMs =
          ms === 0 ? 0 : ms < period ? period : ms > MAX_TELEMETRY_INTERVAL_MS ? MAX_TELEMETRY_INTERVAL_MS : ms;
        return Result.Ok;
      }
      case Msg.Arm:
        return this.lander.armMotion() ? Result.Ok : Result.Refused;
      case Msg.Disarm:
        this.lander.disarmMotion();
        return Result.Ok;
      case Msg.Start:
        if (!this.open) return Result.NoSession;
        if (!this.lander.isArmed) return Result.NotArmed;
        return this.lander.start() ? Result.Ok : Result.Refused;
      case Msg.Resume:
        if (!this.open) return Result.NoSession;
        if (!this.lander.isArmed) return Result.NotArmed;
        return this.lander.resume() ? Result.Ok : Result.Refused;
      case Msg.Continue:
        if (!this.open) return Result.NoSession;
        if (!this.lander.isArmed) return Result.NotArmed;
        return this.lander.continueMission() ? Result.Ok : Result.Refused;
      case Msg.RunStep: {
        if (!this.open) return Result.NoSession;
        if (!this.lander.isArmed) return Result.NotArmed;
        // A host that drives step by step must be watched: if it vanishes, the lander stops.
        if (!this.watched) return Result.Refused;
        const count = stepData(sysex, length, this.stepBuffer);
        return this.lander.runStep(this.stepBuffer, count) ? Result.Ok : Result.Refused;
      }
      case Msg.Pause:
        return this.lander.pause() ? Result.Ok : Result.Refused;
      case Msg.Abort:
        this.lander.abort();
        return Result.Ok;
      case Msg.EStop:
        this.lander.estop();
        return Result.Ok;
      case Msg.UploadBegin:
        if (!this.open) return Result.NoSession;
        return this.missions.begin(field(sysex, UPLOAD_LENGTH), field(sysex, UPLOAD_CRC));
    }
    return Result.Unsupported;
  }

  private hello(sysex: Uint8Array, length: number, request: number): Result {
    const major = field(sysex, HELLO_MAJOR);
    // Without the flags field (a minimal Hello) the host is watched, the safe default.
    const watch = !has(length, HELLO_FLAGS) || (field(sysex, HELLO_FLAGS) & HELLO_WATCH) !== 0;
    this.send(
      writeHelloReply(this.w, request, {
        resetReason: this.lander.resetReason,
        checkpoint: this.lander.checkpoint.held ? this.lander.checkpoint.stepsDone : NO_CHECKPOINT,
        missionCrc: this.lander.missionCrc,
        checkpointCrc: this.lander.checkpoint.held ? this.lander.checkpoint.missionCrc : 0,
        firmwareVersion: `${FIRMWARE_MAJOR}.${FIRMWARE_MINOR}`,
        boardId: this.lander.boardId,
      }),
    );
    if (major !== PROTOCOL_MAJOR) return Result.Incompatible;
    this.open = true;
    this.watched = watch;
    this.lander.watchHost(watch);
    // The reset reason as an event too, so a host logging events sees why the lander restarted.
    this.event(EventKind.Reset, this.lander.status.nowMs, this.lander.resetReason);
    return Result.Ok;
  }

  /** The lander changed mode, armed state or fault: a request seen before is a new one now. */
  stateChanged(): void {
    this.changes++;
  }

  private chunk(sysex: Uint8Array, length: number): void {
    this.changes++;
    const seq = field(sysex, CHUNK_SEQ);
    if (!this.open) {
      this.send(writeChunkAck(this.w, seq, Result.NoSession, 0));
      return;
    }
    const outcome = this.missions.chunk(sysex, length);
    this.send(writeChunkAck(this.w, seq, outcome.result, outcome.expected));
    if (outcome.finished !== -1) {
      // Refused means the lander read the mission and said why; other results are the upload's own.
      const why = outcome.finished === Result.Refused ? this.lander.missionRefusal : undefined;
      this.send(
        writeUploadDone(
          this.w,
          outcome.finished,
          this.missions.expectedLength,
          this.missions.expectedCrc,
          why ? why.code : Refusal.None,
          why ? why.detail : 0,
        ),
      );
    }
  }

  /** Lander events go to the host while a session is open. */
  event(kind: EventKind, nowMs: number, value: number): void {
    if (this.open) this.send(writeEvent(this.w, kind, nowMs, value));
  }

  tick(nowMs: number): void {
    // The safety monitor ends a session whose host fell silent; stop talking to nobody.
    if (this.open && this.watched && !this.lander.hostWatched) {
      this.open = false;
      this.telemetryMs = 0;
      this.missions.cancel();
    }
    if (this.telemetryMs > 0 && nowMs - this.lastTelemetryMs >= this.telemetryMs) {
      this.lastTelemetryMs = nowMs;
      this.send(writeTelemetry(this.w, this.lander.status));
    }
  }

  private send(length: number): void {
    this.tx.send(this.w.bytes, length);
  }
}

/**
 * Messages carried out every time, whatever their request id. Queries and arming are safe to do
 * again (a Firmata client sends the same arm bytes every time it arms, request id 0 included);
 * and a stop is never a resend: taken for one, it would be acknowledged and not done.
 */
function alwaysCarriedOut(type: number): boolean {
  return (
    type === Msg.StatusQuery ||
    type === Msg.Hello ||
    type === Msg.Arm ||
    type === Msg.Disarm ||
    type === Msg.EStop ||
    type === Msg.Abort ||
    type === Msg.Pause
  );
}
