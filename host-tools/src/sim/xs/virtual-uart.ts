import type { DeviceTask } from "./virtual-clock";
import { SeededRandom } from "./random";

/** Bytes the UART's receive buffer holds for the firmware before it drops input. */
const RX_CAPACITY = 1024;
/** Bytes the firmware may queue for sending before a write throws, as ECMA-419 serial does. */
const TX_CAPACITY = 1024;
/** Start bit, eight data bits, stop bit. */
const BITS_PER_BYTE = 10;

/** Link faults on demand: each byte, each way, is lost or has a bit flipped with these odds. */
export interface LinkFaults {
  readonly drop: number;
  readonly corrupt: number;
}

/**
 * The lander's UART and the wire to the host's USB-serial bridge. Bytes take their real
 * byte-time at the board's baud rate each way: what the host sends arrives at the firmware a
 * byte-time per byte later, and what the firmware writes leaves through a transmit FIFO at the
 * same pace. Times are simulation milliseconds; the clock runs the UART when a byte is due,
 * rounded up to the whole millisecond the firmware's ticks can see.
 */
export class VirtualUart implements DeviceTask {
  readonly byteMs: number;
  /** Host bytes on the wire: arrival time and byte, oldest first from `rxHead`. */
  private rxWire: number[] = [];
  private rxHead = 0;
  private rxLineFreeMs = 0;
  /** Received bytes waiting for the firmware's read(). */
  private readonly rxFifo: number[] = [];
  private rxFifoHead = 0;
  /** Firmware bytes queued for the wire: time they finish sending and byte. */
  private txQueue: number[] = [];
  private txHead = 0;
  private txLineFreeMs = 0;
  /** Bytes that reached the host (flat pairs: simulation ms, byte), drained by the simulator. */
  delivered: number[] = [];
  /** Whether the firmware has the port open; bytes arriving before it does are lost. */
  isOpen = false;
  /** The open port's onReadable, called as the UART interrupt would be. */
  onReadable: ((bytes: number) => void) | undefined;
  /** The USB cable is out: nothing gets through either way. */
  disconnected = false;
  faults: LinkFaults = { drop: 0, corrupt: 0 };
  /** Bytes lost to the receive buffer overflowing, lost or corrupted by injected faults. */
  overflowed = 0;
  faulted = 0;

  constructor(
    baud: number,
    private readonly random: SeededRandom,
  ) {
    this.byteMs = (BITS_PER_BYTE * 1000) / baud;
  }

  /** Bytes the host writes at `nowMs`; they queue behind whatever is still on the wire. */
  hostSend(bytes: readonly number[], nowMs: number): void {
    if (this.disconnected) return;
    let at = this.rxLineFreeMs > nowMs ? this.rxLineFreeMs : nowMs;
    for (let i = 0; i < bytes.length; i++) {
      at += this.byteMs;
      const byte = this.damage(bytes[i] & 0xff);
      if (byte >= 0) this.rxWire.push(at, byte);
    }
    this.rxLineFreeMs = at;
  }

  /** A firmware write; throws when the transmit FIFO is full, like the ECMA-419 serial class. */
  write(byte: number, nowMs: number): void {
    if ((this.txQueue.length - this.txHead) / 2 >= TX_CAPACITY) throw new Error("serial: transmit buffer full");
    const start = this.txLineFreeMs > nowMs ? this.txLineFreeMs : nowMs;
    this.txLineFreeMs = start + this.byteMs;
    this.txQueue.push(this.txLineFreeMs, byte & 0xff);
  }

  read(): number | undefined {
    if (this.rxFifoHead >= this.rxFifo.length) return undefined;
    const byte = this.rxFifo[this.rxFifoHead++];
    if (this.rxFifoHead === this.rxFifo.length) {
      this.rxFifo.length = 0;
      this.rxFifoHead = 0;
    }
    return byte;
  }

  /** Bytes the firmware has not read yet. */
  get available(): number {
    return this.rxFifo.length - this.rxFifoHead;
  }

  /** The chip reset: whatever was in the UART's buffers is gone, and nobody reads until the port reopens. */
  reset(): void {
    this.rxFifo.length = 0;
    this.rxFifoHead = 0;
    this.txQueue = [];
    this.txHead = 0;
    this.isOpen = false;
    this.onReadable = undefined;
  }

  /**
   * The ESP32's ROM prints its boot banner at 74880 baud: at the link's rate the host reads it
   * as a burst of garbage, which it must skip.
   */
  bootNoise(count: number, nowMs: number): void {
    for (let i = 0; i < count; i++) this.write(this.random.below(256), nowMs);
  }

  nextDueMs(): number {
    let due = Infinity;
    if (this.rxHead < this.rxWire.length) due = Math.ceil(this.rxWire[this.rxHead]);
    if (this.txHead < this.txQueue.length) {
      const tx = Math.ceil(this.txQueue[this.txHead]);
      if (tx < due) due = tx;
    }
    return due;
  }

  run(simMs: number): void {
    let arrived = 0;
    while (this.rxHead < this.rxWire.length && this.rxWire[this.rxHead] <= simMs) {
      const byte = this.rxWire[this.rxHead + 1];
      this.rxHead += 2;
      // Before the firmware opens its port (during boot) the bytes fall on the floor.
      if (!this.isOpen) continue;
      if (this.available >= RX_CAPACITY) {
        this.overflowed++;
        continue;
      }
      this.rxFifo.push(byte);
      arrived++;
    }
    if (this.rxHead === this.rxWire.length && this.rxHead > 0) {
      this.rxWire = [];
      this.rxHead = 0;
    }
    while (this.txHead < this.txQueue.length && this.txQueue[this.txHead] <= simMs) {
      const byte = this.damage(this.txQueue[this.txHead + 1]);
      if (byte >= 0 && !this.disconnected) this.delivered.push(this.txQueue[this.txHead], byte);
      this.txHead += 2;
    }
    if (this.txHead === this.txQueue.length && this.txHead > 0) {
      this.txQueue = [];
      this.txHead = 0;
    }
    if (arrived > 0 && this.onReadable) this.onReadable(this.available);
  }

  /** A byte as the fault settings leave it: -1 when lost. Draws nothing when faults are off. */
  private damage(byte: number): number {
    const { drop, corrupt } = this.faults;
    if (drop > 0 && this.random.next() < drop) {
      this.faulted++;
      return -1;
    }
    if (corrupt > 0 && this.random.next() < corrupt) {
      this.faulted++;
      return byte ^ (1 << this.random.below(8));
    }
    return byte;
  }
}
