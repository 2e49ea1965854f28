// The simulated lander as a serial device: the firmware in XS, its virtual clock paced by the
// wall clock (or run as fast as it goes), and its UART bridged to a real pseudo-terminal. Host
// tools (farside, johnny-five, a serial monitor) open `hostPath` exactly as they would open
// /dev/ttyUSB0. Or, with `tcp`, bridged to a TCP port on the loopback address instead (no
// socat), which `hostPath` then names as tcp://127.0.0.1:PORT.
import type { BoardConfig } from "../../../firmware/board/config";
import { openPtyPair, type PtyPair } from "../link/pty-pair";
import type { ByteTransport } from "../link/byte-transport";
import { openSerialPort } from "../link/serial-port";
import { serveTcpLink } from "../link/tcp-serve";
import { inject, type ScheduledFault } from "./fault-schedule";
import type { BootOptions, SimEvent, SimReply } from "./protocol";
import { VirtualLander } from "./virtual-lander";
import { BRIDGE_BYTES } from "./xs/virtual-uart";

import { PUMP_MS } from "./lander-pipe";

export { PUMP_MS };
/** Virtual time per step at --speed max: short enough that host bytes are not held long. */
const MAX_SPEED_STEP_MS = 1000;
const MAX_CATCH_UP_PUMPS = 10;

export interface SimulatedBoardOptions extends BootOptions {
  /** Folder for the pty links (a temporary one by default). */
  readonly dir?: string;
  /** A stable path for the lander's port. */
  readonly link?: string;
  /** Virtual ms per wall ms: 1 is real time; Infinity runs as fast as the engine goes. */
  readonly speed?: number;
  /** Faults to inject when simulation time reaches them. */
  readonly faults?: readonly ScheduledFault[];
  /** Keep every pin write in `lander.trace` (tests that must show nothing moved); off for long runs. */
  readonly keepTrace?: boolean;
  /** Serve the link on this loopback TCP address (port 0: any free one) instead of a pty. */
  readonly tcp?: { readonly host: string; readonly port: number };
}

export class SimulatedBoard {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private pending: number[] = [];
  private lostHere = 0;
  private lastHostBytesAtMs = 0;
  private busy = false;
  private lastWallMs = performance.now();
  private carryMs = 0;
  private stopped = false;
  private speedFactor: number;
  private readonly stopListeners: ((error?: Error) => void)[] = [];
  /** Writes to the pty, chained so the lander's bytes leave in order. */
  private writing: Promise<void> = Promise.resolve();
  private readonly faults: ScheduledFault[];
  private readonly eventListeners: ((event: SimEvent) => void)[] = [];
  private readonly faultListeners: ((fault: ScheduledFault) => void)[] = [];

  private constructor(
    readonly lander: VirtualLander,
    /** The lander's port: the pty's host end, or tcp://127.0.0.1:PORT. */
    readonly hostPath: string,
    private readonly pty: PtyPair | undefined,
    private readonly port: ByteTransport,
    speed: number,
    faults: readonly ScheduledFault[],
  ) {
    this.speedFactor = speed;
    this.faults = [...faults].sort((a, b) => a.atMs - b.atMs);
    lander.onReply = (reply) => {
      this.forward(reply);
      for (const event of reply.events) for (const listener of this.eventListeners) listener(event);
    };
  }

  /** Boots the firmware and opens the pseudo-terminal pair (or the TCP port); `hostPath` is the lander's port. */
  static async start(board: BoardConfig, options: SimulatedBoardOptions = {}): Promise<SimulatedBoard> {
    const speed = options.speed ?? 1;
    if (!(speed > 0)) throw new RangeError(`speed must be above 0, not ${speed}`);
    const lander = await VirtualLander.boot(board, { ...options, keepTrace: options.keepTrace ?? false });
    let pty: PtyPair | undefined;
    try {
      let sim: SimulatedBoard;
      if (options.tcp) {
        const end = await serveTcpLink(options.tcp.host, options.tcp.port);
        sim = new SimulatedBoard(lander, end.url, undefined, end, speed, options.faults ?? []);
      } else {
        pty = await openPtyPair({ dir: options.dir, hostLink: options.link });
        const port = await openSerialPort(pty.boardPath, { baudRate: board.link.baud });
        sim = new SimulatedBoard(lander, pty.hostPath, pty, port, speed, options.faults ?? []);
      }
      const port = sim.port;
      port.onData((chunk) => sim.take(chunk));
      sim.schedule();
      return sim;
    } catch (error) {
      lander.close();
      await pty?.close();
      throw error;
    }
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Changes the pace: tests run long missions at Infinity and talk in sessions at 1. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be above 0, not ${speed}`);
    this.speedFactor = speed;
    this.lastWallMs = performance.now();
    this.carryMs = 0;
  }

  /**
   * Bytes the host wrote into the pty. They wait here for the next pump; like the simulated
   * bridge behind them (virtual-uart.ts BRIDGE_BYTES), no more than its newest BRIDGE_BYTES, so a
   * flood costs no memory and what the host writes last is never stuck behind it.
   */
  private take(chunk: Uint8Array): void {
    const from = chunk.length > BRIDGE_BYTES ? chunk.length - BRIDGE_BYTES : 0;
    this.lostHere += from;
    for (let i = from; i < chunk.length; i++) this.pending.push(chunk[i] ?? 0);
    if (this.pending.length > BRIDGE_BYTES) {
      this.lostHere += this.pending.length - BRIDGE_BYTES;
      this.pending.splice(0, this.pending.length - BRIDGE_BYTES);
    }
  }

  /**
   * The lander's clock (status nowMs) when the host's latest bytes went into its bridge: how
   * long the lander then took to act on them is the lander's own doing, however late this
   * process got to pass them on.
   */
  get hostBytesInAtMs(): number {
    return this.lastHostBytesAtMs;
  }

  /** Bytes the host wrote faster than the line carries, lost here or in the simulated bridge. */
  get hostBytesLost(): number {
    return this.lostHere + this.lander.status.bridgeLost;
  }

  /** Sees what the firmware and the board report: modes, phases, faults, resets. */
  onEvent(listener: (event: SimEvent) => void): void {
    this.eventListeners.push(listener);
  }

  /** Sees each scheduled fault as it is injected. */
  onFault(listener: (fault: ScheduledFault) => void): void {
    this.faultListeners.push(listener);
  }

  /** Called once if the simulation stops by itself (the engine died) or is stopped. */
  onStop(listener: (error?: Error) => void): void {
    this.stopListeners.push(listener);
  }

  private schedule(): void {
    if (this.stopped) return;
    const next = (): void => void this.pump().then(() => this.schedule());
    // As fast as possible: the next step once the event loop has served the pty and timers.
    if (this.speedFactor === Infinity) this.immediate = setImmediate(next);
    else this.timer = setTimeout(next, PUMP_MS);
  }

  /** Moves host bytes in, virtual time on, lander bytes out. */
  private async pump(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.pending.length > 0) {
        const bytes = this.pending;
        this.pending = [];
        this.lastHostBytesAtMs = this.lander.status.nowMs;
        await this.lander.sendSerial(bytes);
      }
      const now = performance.now();
      if (this.speedFactor === Infinity) this.carryMs = MAX_SPEED_STEP_MS;
      else {
        // A stall of this process (a busy machine) must not make the lander jump ahead of its
        // host, which it shares the stall with: at most a few pumps' worth of time per step.
        const elapsed = Math.min(now - this.lastWallMs, MAX_CATCH_UP_PUMPS * PUMP_MS);
        this.carryMs += elapsed * this.speedFactor;
      }
      this.lastWallMs = now;
      const step = Math.floor(this.carryMs);
      if (step > 0) {
        this.carryMs -= step;
        await this.lander.advance(step);
        await this.writing;
      }
      for (let fault = this.faults[0]; fault && fault.atMs <= this.lander.simMs; fault = this.faults[0]) {
        this.faults.shift();
        await inject(this.lander, fault);
        for (const listener of this.faultListeners) listener(fault);
      }
    } catch (error) {
      // The engine died or the pty closed: nothing more to simulate.
      await this.stop(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.busy = false;
    }
  }

  private forward(reply: SimReply): void {
    if (reply.serial.length === 0 || this.stopped) return;
    const bytes = new Uint8Array(reply.serial.length / 2);
    for (let i = 1; i < reply.serial.length; i += 2) bytes[(i - 1) / 2] = reply.serial[i] ?? 0;
    this.writing = this.writing.then(() => this.port.write(bytes)).catch(() => undefined);
  }

  async stop(error?: Error): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    await this.port.close().catch(() => undefined);
    await this.pty?.close();
    this.lander.close();
    for (const listener of this.stopListeners.splice(0)) listener(error);
  }
}
