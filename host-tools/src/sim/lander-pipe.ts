// An in-process byte link to the simulated lander: what SimulatedBoard does over a socat
// pseudo-terminal, without one. Bytes still go through the firmware's own virtual UART.
import type { ByteTransport } from "../link/byte-transport";
import type { SimReply } from "./protocol";
import type { VirtualLander } from "./virtual-lander";
import { BRIDGE_BYTES } from "./xs/virtual-uart";

/** How often a bridge moves bytes and time; well under the lander's 20 ms control period. */
export const PUMP_MS = 5;

export interface LanderPipeOptions {
  /**
   * Moves the host's clock on `ms`, after the lander's and before the lander's bytes reach the
   * host: vitest's fake timers in a test that runs the host in virtual time too. Without it the
   * owner paces step() by the wall clock, which has moved by itself.
   */
  readonly hostTime?: (ms: number) => Promise<void>;
  /** Told of each write the host makes: LockstepSimulator starts its time at the first. */
  readonly onHostWrite?: () => void;
}

/**
 * A ByteTransport to a VirtualLander in the same process. It moves no time by itself: its
 * owner calls step(ms), each step one of SimulatedBoard's pumps (PUMP_MS), or stepUntilSent.
 * A step takes what the host wrote since the last one into the firmware's virtual UART (the
 * simulated USB bridge, the line at the board's baud rate, the 128-byte RX FIFO), advances the
 * lander's clock, moves the host's clock as far, and only then hands the host what the
 * firmware sent meanwhile. So no byte reaches either side sooner than the wire would carry it,
 * and each waits at most a step longer: the lander is never friendlier than on a board or
 * behind the pty. The host does not wait on its writes: like a pty, the pipe takes them at once.
 */
export class LanderPipe implements ByteTransport {
  private readonly dataListeners: ((chunk: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private pending: number[] = [];
  private lostHere = 0;
  /** What the lander sent, from every reply since the last delivery, whoever asked for it. */
  private held: number[] = [];
  private ended = false;
  private readonly hostTime: ((ms: number) => Promise<void>) | undefined;
  private readonly onHostWrite: (() => void) | undefined;
  private readonly taker = (reply: SimReply): void => this.hold(reply);

  constructor(
    readonly lander: VirtualLander,
    options: LanderPipeOptions = {},
  ) {
    if (lander.onReply) throw new Error("this lander's serial link is already bridged");
    this.hostTime = options.hostTime;
    this.onHostWrite = options.onHostWrite;
    lander.onReply = this.taker;
  }

  write(data: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new Error("the lander pipe is closed"));
    // As SimulatedBoard keeps what the pty brings between pumps: the newest BRIDGE_BYTES, so
    // a flood costs no memory. The UART's bridge would lose the older bytes anyway.
    for (const byte of data) this.pending.push(byte);
    if (this.pending.length > BRIDGE_BYTES) {
      this.lostHere += this.pending.length - BRIDGE_BYTES;
      this.pending.splice(0, this.pending.length - BRIDGE_BYTES);
    }
    this.onHostWrite?.();
    return Promise.resolve();
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  /** Bytes the host wrote faster than the line carries, lost here or in the simulated bridge. */
  get hostBytesLost(): number {
    return this.lostHere + this.lander.status.bridgeLost;
  }

  /** Moves `ms` of time on both sides of the link and the bytes across it. */
  async step(ms: number): Promise<void> {
    await this.move(async (bytes) => {
      await this.lander.advance(ms, bytes);
      await this.hostTime?.(ms);
    });
  }

  /**
   * For an owner that keeps the host's time itself (LockstepSimulator; no hostTime here): moves
   * up to `maxMs` of lander time. With `stopAtBytes` (the host awaits an answer) it goes a pump
   * at a time and stops after the pump in which the lander sent bytes, so the host hears them
   * as soon as it would over the pty bridge; without, the host has nothing to react to before
   * its next timer, and what the lander sent meanwhile reaches it then, in order. Either way one
   * round trip to the engine. Resolves with the ms it moved.
   */
  async stepUntil(maxMs: number, stopAtBytes: boolean): Promise<number> {
    const fromMs = this.lander.simMs;
    await this.move((bytes) =>
      stopAtBytes ? this.lander.advanceUntilSent(maxMs, PUMP_MS, bytes) : this.lander.advance(maxMs, bytes),
    );
    return this.lander.simMs - fromMs;
  }

  /** Takes the host's bytes in with the advance (one request), then hands over the lander's. */
  private async move(advance: (bytes: readonly number[] | undefined) => Promise<unknown>): Promise<void> {
    if (this.ended) return;
    try {
      const bytes = this.pending.length > 0 ? this.pending : undefined;
      this.pending = [];
      await advance(bytes);
    } catch (error) {
      // The engine died: the link goes with it, and says what went.
      const why = error instanceof Error ? error.message : String(error);
      const died = new Error(`the simulator's XS engine stopped (${why})`);
      this.end(died);
      throw died;
    }
    if (this.held.length > 0 && !this.ended) {
      const chunk = Uint8Array.from(this.held);
      this.held = [];
      for (const listener of this.dataListeners) listener(chunk);
    }
    // A macrotask turn, so the host has done all it does with those bytes (its writes included)
    // before the next step takes what it wrote.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Ends the link, not the lander: its owner closes that. */
  close(): Promise<void> {
    this.end(undefined);
    return Promise.resolve();
  }

  private hold(reply: SimReply): void {
    for (let i = 1; i < reply.serial.length; i += 2) this.held.push(reply.serial[i] ?? 0);
  }

  private end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = [];
    this.held = [];
    if (this.lander.onReply === this.taker) this.lander.onReply = undefined;
    for (const listener of this.closeListeners) listener(error);
  }
}
