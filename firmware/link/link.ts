import type { BoardConfig } from "../board/config";
import type { LanderControl } from "../lander/lander-control";
import { Refusal } from "../lander/refusal";
import type { LanderEvents, LanderObserver, Mode } from "../lander/status";
import type { DeviceProvider, SerialPort } from "../platform/host";
import {
  Drop,
  EventKind,
  FrameDecoder,
  checkIntact,
  LANDER_SYSEX,
  MAX_FRAME_BYTES,
  RESET_REASON_NAMES,
  Result,
  type FrameHandler,
} from "../protocol/codec";
import { SYSTEM_RESET } from "../protocol/firmata";
import { Fault } from "../safety/faults";
import { FirmataServer } from "./firmata-server";
import { LanderSession } from "./lander-session";
import type { MissionSink } from "./mission-receiver";
import { Transmitter } from "./transmitter";

/** Sysex buffer: the largest lander frame fits, and nothing a host sends can grow it. */
const MAX_SYSEX = MAX_FRAME_BYTES;

/**
 * The lander's serial link: bytes from the UART go through the shared frame decoder to the
 * Firmata server or the lander session; the lander's events and each control tick's reports go
 * back out. Garbage, cut-off and oversized messages are dropped and counted, never thrown.
 */
export class Link implements FrameHandler, LanderEvents, MissionSink {
  readonly decoder: FrameDecoder;
  firmata!: FirmataServer;
  session!: LanderSession;
  private readonly tx: Transmitter;
  private lander: LanderControl | undefined;
  private readonly port: SerialPort;

  constructor(
    device: DeviceProvider,
    private readonly board: BoardConfig,
    /** Whoever else hears the lander's events and accepted missions (the simulator's recorder, a trace). */
    private readonly forward?: LanderObserver,
  ) {
    this.decoder = new FrameDecoder(this, MAX_SYSEX);
    const decoder = this.decoder;
    const tx = new Transmitter();
    this.tx = tx;
    // ECMA-419 calls onReadable and onWritable with `this` bound to the port. Read exactly what
    // is waiting: each read() re-enables the UART's interrupt, so later bytes raise a new one.
    this.port = new device.io.Serial({
      port: board.link.port,
      receive: board.link.receive,
      transmit: board.link.transmit,
      baud: board.link.baud,
      format: "number",
      onReadable(this: SerialPort, count: number) {
        for (let i = 0; i < count; i++) {
          const byte = this.read();
          if (typeof byte !== "number") break;
          decoder.push(byte);
        }
      },
      onWritable(this: SerialPort, room: number) {
        tx.writable(room);
      },
    });
    tx.attach(this.port);
  }

  /** Connects the lander (which was built with this link as its events) and says hello. */
  attach(lander: LanderControl): void {
    this.lander = lander;
    this.firmata = new FirmataServer(lander, this.board, this.tx);
    this.session = new LanderSession(lander, this.tx, this);
    lander.afterEachTick((nowMs) => this.tick(nowMs));
    this.firmata.announce();
  }

  get bytesSent(): number {
    return this.tx.sent;
  }

  get bytesDropped(): number {
    return this.tx.dropped;
  }

  message(status: number, data1: number, data2: number): void {
    if (!this.lander) return;
    this.lander.noteAnyHostMessage();
    if (status === SYSTEM_RESET) {
      this.systemReset();
      return;
    }
    this.firmata.message(status, data1, data2);
  }

  sysex(buffer: Uint8Array, length: number): void {
    if (!this.lander) return;
    this.lander.noteAnyHostMessage();
    if (buffer[0] === LANDER_SYSEX) {
      if (checkIntact(buffer, length)) this.session.receive(buffer, length - 1);
      else this.decoder.drops[Drop.BadCheck]++;
      return;
    }
    if (!this.firmata.sysex(buffer, length)) {
      this.firmata.sendString(`unsupported sysex 0x${buffer[0].toString(16)}`);
    }
  }

  /** A whole upload with a good CRC: the lander decides whether it is a mission it can run. */
  missionReceived(bytes: Uint8Array, length: number): Result {
    if (!this.lander) return Result.Refused;
    if (this.lander.loadMission(bytes, length) !== Refusal.None) {
      // For Firmata clients, which never see UploadDone's refusal code (johnny-five prints strings).
      this.firmata.sendString(`mission refused: ${this.lander.missionRefusal.text()}`);
      return Result.Refused;
    }
    this.forward?.missionLoaded(this.lander.missionName, length);
    return Result.Ok;
  }

  marker(id: number, nowMs: number): void {
    if (this.lander) this.session.event(EventKind.Marker, nowMs, id);
    this.forward?.marker(id, nowMs);
  }

  modeChanged(mode: Mode, nowMs: number): void {
    if (this.lander) {
      this.session.stateChanged();
      this.session.event(EventKind.ModeChanged, nowMs, mode);
    }
    this.forward?.modeChanged(mode, nowMs);
  }

  phaseEntered(phase: number, nowMs: number): void {
    if (this.lander) this.session.event(EventKind.PhaseEntered, nowMs, phase);
    this.forward?.phaseEntered(phase, nowMs);
  }

  armedChanged(armed: boolean, nowMs: number): void {
    if (this.lander) {
      this.session.stateChanged();
      this.session.event(EventKind.Armed, nowMs, armed ? 1 : 0);
    }
    this.forward?.armedChanged(armed, nowMs);
  }

  stepDone(index: number, nowMs: number): void {
    if (this.lander) this.session.event(EventKind.StepDone, nowMs, index);
    this.forward?.stepDone(index, nowMs);
  }

  fault(code: number, nowMs: number): void {
    const lander = this.lander;
    if (lander) {
      this.session.stateChanged();
      this.session.event(EventKind.Fault, nowMs, code);
      // Told to whoever listens, session or not (serial monitors and Firmata clients show
      // strings): the lander came back from a reset in the middle of a mission.
      if (code === Fault.Interrupted) {
        const reason = RESET_REASON_NAMES[lander.resetReason] ?? "unknown";
        this.firmata.sendString(`reset (${reason}) at step ${lander.checkpoint.stepsDone}: safe, send Continue`);
      }
    }
    this.forward?.fault(code, nowMs);
  }

  private tick(nowMs: number): void {
    this.firmata.tick(nowMs);
    this.session.tick(nowMs);
  }

  /**
   * Firmata's SYSTEM_RESET: the client wants a board as if just powered. The link forgets the
   * client's settings and ends any session; the lander goes to its safe state, as on a real reset.
   */
  private systemReset(): void {
    this.firmata.reset();
    this.session.close();
    if (this.lander) this.lander.systemReset();
  }
}
