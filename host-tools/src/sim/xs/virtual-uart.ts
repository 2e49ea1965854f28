import { slots, type DeviceTask, type VirtualClock } from "./virtual-clock";
import { SeededRandom } from "./random";

/**
 * The ESP32's and S3's UART FIFOs, each way. Moddable's serial driver installs no ESP-IDF ring
 * buffer (modules/io/serial/esp32/serial.c, constructor): read() and write() touch the hardware
 * FIFOs directly, so these 128 bytes are all the buffering there is. [HW: ESP32 and ESP32-S3 TRMs]
 */
export const UART_FIFO_BYTES = 128;
/**
 * The RX FIFO fill that raises RXFIFO_FULL. Moddable never sets it, so it is the register's
 * reset value, 0x60. [HW: ESP32 TRM, UART_CONF1_REG; what the ROM leaves there is unverified]
 */
export const RX_FULL_THRESHOLD = 0x60;
/** serial.c: uart_set_rx_timeout(uart, 4): RXFIFO_TOUT after four idle symbol times. */
const RX_TIMEOUT_SYMBOLS = 4;
/** serial.c: kTransmitTreshold: TXFIFO_EMPTY fires when fewer bytes than this wait to be sent. */
const TX_EMPTY_THRESHOLD = 10;
/**
 * What the host's USB-serial bridge holds of what the host wrote and the line has not carried
 * yet [HW: the FT232R's transmit buffer is 256 bytes]. A pseudo-terminal has no baud rate and
 * no flow control, so a host can write faster than the line carries: the bridge keeps the
 * newest bytes and loses the oldest, so whatever a host writes last (a stop) waits behind at
 * most this much of a flood, 22 ms at 115200 baud.
 */
export const BRIDGE_BYTES = 256;
/** Read once: XS looks a global's name up on every use, and the clock asks nextDueMs() every step. */
const { ceil } = Math;
/** Start bit, eight data bits, stop bit. */
const BITS_PER_BYTE = 10;
/** The ESP32 and S3 ROMs print their reset banner on UART0 at this rate. [HW] */
const ROM_BAUD = 115200;

/** Link faults on demand: each byte, each way, is lost or has a bit flipped with these odds. */
export interface LinkFaults {
  readonly drop: number;
  readonly corrupt: number;
}

/**
 * The lander's UART and the wire to the host's USB-serial bridge. Bytes take their real
 * byte-time at the board's baud rate each way. What the host sends lands in a 128-byte RX FIFO;
 * the chip raises an interrupt when it holds RX_FULL_THRESHOLD bytes or the line has been idle
 * for four symbols, and Moddable posts onReadable to the firmware's thread, which runs it when
 * it is free. Bytes that arrive while the FIFO is full are lost. What the firmware writes goes
 * into a 128-byte TX FIFO that the line drains; a write to a full FIFO throws "output full", and
 * onWritable is posted when the FIFO runs low after a write. Times are simulation milliseconds.
 */
export class VirtualUart implements DeviceTask {
  readonly byteMs: number;
  /** Host bytes in the bridge, waiting for the line, oldest first: each byte and when it was written. */
  private readonly bridgeByte = slots(BRIDGE_BYTES);
  private readonly bridgeAt = slots(BRIDGE_BYTES);
  private bridgeHead = 0;
  private bridgeCount = 0;
  /** When the line finished carrying the last host byte. */
  private rxLineFreeMs = 0;
  private readonly rxFifo = slots(UART_FIFO_BYTES);
  private rxFifoHead = 0;
  private rxFifoCount = 0;
  private lastRxMs = -Infinity;
  /** Whether a byte arrived since the last RXFIFO_TOUT could fire. */
  private rxTimeoutArmed = false;
  /** Firmware bytes: the time each finishes leaving the FIFO, and the byte. */
  private readonly txFifoDone = slots(UART_FIFO_BYTES);
  private readonly txFifoByte = slots(UART_FIFO_BYTES);
  private txFifoHead = 0;
  private txFifoCount = 0;
  private txLineFreeMs = 0;
  /** Bytes straight onto the wire from the ROM (its reset banner): time and byte. */
  private romQueue: number[] = [];
  private romHead = 0;
  /** romQueue's length, kept apart: in XS an array's length is a host call, and nextDueMs() runs every step. */
  private romEnd = 0;
  /** The interrupt enables and pending flags of serial.c's ISR. */
  private rxInterrupt = false;
  private txInterrupt = false;
  private readablePending = false;
  private writablePending = false;
  /** A delivery is posted and has not run yet: it will see any flag raised meanwhile. */
  private deliveryQueued = false;
  /** Bytes that reached the host (flat pairs: simulation ms, byte), drained by the simulator. */
  delivered: number[] = [];
  /** The open port's callbacks; undefined when the firmware has no port open. */
  onReadable: ((bytes: number) => void) | undefined;
  onWritable: ((bytes: number) => void) | undefined;
  /** The USB cable is out: nothing gets through either way. */
  disconnected = false;
  faults: LinkFaults = { drop: 0, corrupt: 0 };
  /** Bytes lost to a full RX FIFO since the simulation began. */
  overflowed = 0;
  /** The fullest the RX FIFO has been, in bytes. */
  rxHighWater = 0;
  /** Bytes lost or corrupted by injected faults. */
  faulted = 0;
  /** Host bytes the bridge lost because the host wrote faster than the line carries. */
  bridgeLost = 0;

  /** serialDeliver as the clock runs it, made once: posting it allocates nothing. */
  private readonly deliverOnThread = (): void => this.serialDeliver();

  constructor(
    readonly baud: number,
    private readonly clock: VirtualClock,
    private readonly random: SeededRandom,
  ) {
    this.byteMs = (BITS_PER_BYTE * 1000) / baud;
  }

  /** Bytes the host writes at `nowMs`; they wait in the bridge behind what the line has not carried yet. */
  hostSend(bytes: readonly number[], nowMs: number): void {
    if (this.disconnected) return;
    for (let i = 0; i < bytes.length; i++) {
      if (this.bridgeCount === BRIDGE_BYTES) {
        this.bridgeHead = (this.bridgeHead + 1) % BRIDGE_BYTES;
        this.bridgeCount--;
        this.bridgeLost++;
      }
      const slot = (this.bridgeHead + this.bridgeCount) % BRIDGE_BYTES;
      this.bridgeByte[slot] = bytes[i] & 0xff;
      this.bridgeAt[slot] = nowMs;
      this.bridgeCount++;
    }
  }

  /** When the bridge's oldest byte reaches the chip: on the line once it is free, a byte-time later. */
  private nextArrivalMs(): number {
    const written = this.bridgeAt[this.bridgeHead];
    return (written > this.rxLineFreeMs ? written : this.rxLineFreeMs) + this.byteMs;
  }

  /** The firmware opened the port: the interrupts its callbacks ask for are enabled. */
  open(onReadable: ((bytes: number) => void) | undefined, onWritable: ((bytes: number) => void) | undefined): void {
    this.onReadable = onReadable;
    this.onWritable = onWritable;
    this.rxInterrupt = onReadable !== undefined;
    this.txInterrupt = onWritable !== undefined;
    // An empty TX FIFO is under the threshold at once: the first onWritable comes right away.
    this.checkInterrupts();
  }

  /** Free bytes in the TX FIFO, as uart_ll_get_txfifo_len reports them. */
  get txFree(): number {
    return UART_FIFO_BYTES - this.txFifoCount;
  }

  /** Bytes waiting in the RX FIFO, as uart_ll_get_rxfifo_len reports them. */
  get available(): number {
    return this.rxFifoCount;
  }

  /** Puts a byte in the TX FIFO; the caller has checked it fits. */
  write(byte: number): void {
    this.writeAt(byte, this.clock.simMs);
  }

  /**
   * A byte into the TX FIFO at `nowMs`, unless the FIFO is full: false then, and nothing sent.
   * One call a byte, the clock read once a call: the firmware writes its frames a byte at a time.
   */
  tryWrite(byte: number, nowMs: number): boolean {
    if (this.txFifoCount === UART_FIFO_BYTES) return false;
    this.writeAt(byte, nowMs);
    return true;
  }

  private writeAt(byte: number, nowMs: number): void {
    const start = this.txLineFreeMs > nowMs ? this.txLineFreeMs : nowMs;
    this.txLineFreeMs = start + this.byteMs;
    const slot = (this.txFifoHead + this.txFifoCount) % UART_FIFO_BYTES;
    this.txFifoDone[slot] = this.txLineFreeMs;
    this.txFifoByte[slot] = byte & 0xff;
    this.txFifoCount++;
    // serial.c re-enables TXFIFO_EMPTY after every write when there is an onWritable.
    if (this.onWritable) this.txInterrupt = true;
  }

  read(): number | undefined {
    if (this.rxFifoCount === 0) return undefined;
    const byte = this.rxFifo[this.rxFifoHead];
    this.rxFifoHead = (this.rxFifoHead + 1) % UART_FIFO_BYTES;
    this.rxFifoCount--;
    // serial.c's read() re-enables the RX interrupts.
    if (this.onReadable) {
      this.rxInterrupt = true;
      this.checkInterrupts();
    }
    return byte;
  }

  /** A chip reset: the FIFOs empty, the port is closed, and the ROM prints its banner. */
  reset(romBanner: string): void {
    this.rxFifoHead = 0;
    this.rxFifoCount = 0;
    this.txFifoHead = 0;
    this.txFifoCount = 0;
    this.onReadable = undefined;
    this.onWritable = undefined;
    this.rxInterrupt = false;
    this.txInterrupt = false;
    this.readablePending = false;
    this.writablePending = false;
    this.deliveryQueued = false;
    this.rxTimeoutArmed = false;
    this.romPrint(romBanner);
  }

  nextDueMs(): number {
    let due = Infinity;
    if (this.bridgeCount > 0) due = ceil(this.nextArrivalMs());
    if (this.txFifoCount > 0) {
      const tx = ceil(this.txFifoDone[this.txFifoHead]);
      if (tx < due) due = tx;
    }
    if (this.romHead < this.romEnd) {
      const rom = ceil(this.romQueue[this.romHead]);
      if (rom < due) due = rom;
    }
    if (this.rxTimeoutArmed && this.rxInterrupt && this.rxFifoCount > 0) {
      const timeout = ceil(this.lastRxMs + RX_TIMEOUT_SYMBOLS * this.byteMs);
      if (timeout < due) due = timeout;
    }
    return due;
  }

  run(simMs: number): void {
    // The cable is out: the bridge, on the host's side of it, has nowhere to send its bytes.
    if (this.disconnected) this.bridgeCount = 0;
    while (this.bridgeCount > 0) {
      const at = this.nextArrivalMs();
      if (at > simMs) break;
      // A byte lost or damaged on the line still took its byte-time.
      const byte = this.damage(this.bridgeByte[this.bridgeHead]);
      this.bridgeHead = (this.bridgeHead + 1) % BRIDGE_BYTES;
      this.bridgeCount--;
      this.rxLineFreeMs = at;
      if (byte >= 0) this.receive(byte, at);
    }
    // The ROM's banner is on the line before anything the firmware writes.
    const romQueue = this.romQueue;
    const romLength = this.romEnd;
    while (this.romHead < romLength && romQueue[this.romHead] <= simMs) {
      this.deliver(romQueue[this.romHead], romQueue[this.romHead + 1]);
      this.romHead += 2;
    }
    if (this.romHead === romLength && this.romHead > 0) {
      this.romQueue = [];
      this.romHead = 0;
      this.romEnd = 0;
    }
    if (this.txFifoCount > 0) this.sendDone(simMs);
    if (this.rxTimeoutArmed && this.rxFifoCount > 0 && simMs >= this.lastRxMs + RX_TIMEOUT_SYMBOLS * this.byteMs) {
      this.rxTimeoutArmed = false;
      if (this.rxInterrupt) this.raiseReadable();
    }
    this.checkInterrupts();
  }

  /**
   * The TX FIFO's bytes that have left the line by `simMs` reach the host. A telemetry frame is
   * dozens of bytes, so the loop keeps its state in locals and, with no faults set (most runs),
   * delivers without drawing on the fault stream.
   */
  private sendDone(simMs: number): void {
    const done = this.txFifoDone;
    const bytes = this.txFifoByte;
    let head = this.txFifoHead;
    let count = this.txFifoCount;
    const { drop, corrupt } = this.faults;
    const clean = drop === 0 && corrupt === 0 && !this.disconnected;
    const delivered = this.delivered;
    while (count > 0 && done[head] <= simMs) {
      if (clean) delivered.push(done[head], bytes[head]);
      else this.deliver(done[head], bytes[head]);
      head = head + 1 === UART_FIFO_BYTES ? 0 : head + 1;
      count--;
    }
    this.txFifoHead = head;
    this.txFifoCount = count;
  }

  private receive(byte: number, atMs: number): void {
    this.lastRxMs = atMs;
    this.rxTimeoutArmed = true;
    if (this.rxFifoCount >= UART_FIFO_BYTES) {
      this.overflowed++;
      return;
    }
    this.rxFifo[(this.rxFifoHead + this.rxFifoCount) % UART_FIFO_BYTES] = byte;
    this.rxFifoCount++;
    if (this.rxFifoCount > this.rxHighWater) this.rxHighWater = this.rxFifoCount;
  }

  /** The level-triggered interrupts: RXFIFO_FULL and TXFIFO_EMPTY, when enabled. */
  private checkInterrupts(): void {
    if (this.rxInterrupt && this.rxFifoCount >= RX_FULL_THRESHOLD) this.raiseReadable();
    if (this.txInterrupt && this.txFifoCount < TX_EMPTY_THRESHOLD) {
      // serial.c's ISR disables TXFIFO_EMPTY until the next write.
      this.txInterrupt = false;
      this.writablePending = true;
      this.postDelivery();
    }
  }

  private raiseReadable(): void {
    // serial.c's ISR disables the RX interrupts until the firmware reads or the delivery ends.
    this.rxInterrupt = false;
    this.readablePending = true;
    this.postDelivery();
  }

  private postDelivery(): void {
    if (this.deliveryQueued) return;
    this.deliveryQueued = true;
    this.clock.post(this.deliverOnThread);
  }

  /** serial.c's serialDeliver, on the firmware's thread: onReadable, then onWritable. */
  private serialDeliver(): void {
    this.deliveryQueued = false;
    if (this.readablePending) {
      this.readablePending = false;
      const count = this.rxFifoCount;
      if (count > 0 && this.onReadable) this.onReadable(count);
      if (this.onReadable) {
        this.rxInterrupt = true;
        if (this.rxFifoCount >= RX_FULL_THRESHOLD) this.raiseReadable();
      }
    }
    if (this.writablePending) {
      this.writablePending = false;
      const free = this.txFree;
      if (free > 0 && this.onWritable) this.onWritable(free);
    }
  }

  private deliver(atMs: number, byte: number): void {
    const damaged = this.damage(byte);
    if (damaged >= 0 && !this.disconnected) this.delivered.push(atMs, damaged);
  }

  /**
   * The ROM prints its reset banner on UART0 at 115200 baud: a host listening at that rate
   * reads text, at any other rate it reads garbage of about the same duration.
   */
  private romPrint(banner: string): void {
    let at = this.clock.simMs;
    const romByteMs = (BITS_PER_BYTE * 1000) / ROM_BAUD;
    const sameRate = this.baud === ROM_BAUD;
    const count = sameRate ? banner.length : Math.ceil((banner.length * this.baud) / ROM_BAUD);
    for (let i = 0; i < count; i++) {
      at += sameRate ? romByteMs : this.byteMs;
      this.romQueue.push(at, sameRate ? banner.charCodeAt(i) & 0xff : this.random.below(256));
    }
    this.romEnd = this.romQueue.length;
    // The line is the ROM's until it has finished: the firmware's first bytes follow it.
    if (at > this.txLineFreeMs) this.txLineFreeMs = at;
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
