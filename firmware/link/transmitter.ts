import type { SerialPort } from "../platform/host";

/**
 * Frames queued here wait for room in the UART. Moddable's ESP32 serial writes straight into
 * the 128-byte hardware FIFO and throws "output full" when it is full: without a queue, a
 * frame longer than the room left would be torn. Sized for the largest burst one turn of the
 * lander sends (a refusal string, its ack and a telemetry frame) with room to spare.
 */
export const TX_QUEUE_BYTES = 1024;

/**
 * Sends frames whole or not at all: a frame that does not fit in the queue is dropped and
 * counted (every frame the host needs is periodic or acknowledged, so a dropped one is resent
 * or superseded), never cut. The queue drains into the UART as far as the FIFO has room, and
 * again whenever the UART's onWritable says it has emptied; writes never throw, so the lander
 * neither stalls nor crashes on a host that stopped reading. Allocates nothing after boot.
 */
export class Transmitter {
  /** Bytes handed to the UART. */
  sent = 0;
  /** Bytes of whole frames dropped because the queue was full. */
  dropped = 0;
  private readonly queue = new Uint8Array(TX_QUEUE_BYTES);
  private head = 0;
  private count = 0;
  /** Room in the UART's FIFO as its last onWritable reported it, less what was written since. */
  private fifoRoom = 0;
  private port: SerialPort | undefined;

  /** The UART to drain into (it is opened after the transmitter, with writable() as its onWritable). */
  attach(port: SerialPort): void {
    this.port = port;
  }

  /**
   * Queues a frame whole, or drops it whole when the queue lacks room; true when queued. A frame
   * that finds the queue empty and the FIFO with room goes straight to the UART, uncopied.
   */
  send(bytes: Uint8Array, length: number): boolean {
    if (this.count === 0 && length <= this.fifoRoom && this.port) {
      const written = this.write(bytes, 0, length);
      if (written === length) return true;
      return this.enqueue(bytes, written, length);
    }
    return this.enqueue(bytes, 0, length);
  }

  /** The UART's onWritable: its FIFO has `room` free bytes. */
  writable(room: number): void {
    this.fifoRoom = room;
    this.drain();
  }

  /** Bytes still waiting for the UART. */
  get queued(): number {
    return this.count;
  }

  private enqueue(bytes: Uint8Array, from: number, length: number): boolean {
    // A frame already partly in the FIFO must be finished whatever the room: it is never cut.
    if (from === 0 && length > TX_QUEUE_BYTES - this.count) {
      this.dropped += length;
      return false;
    }
    const queue = this.queue;
    let tail = (this.head + this.count) % TX_QUEUE_BYTES;
    for (let i = from; i < length; i++) {
      queue[tail] = bytes[i];
      tail = tail + 1 === TX_QUEUE_BYTES ? 0 : tail + 1;
    }
    this.count += length - from;
    this.drain();
    return true;
  }

  /** Moves queued bytes into the FIFO as far as it has room, in at most two runs of the ring. */
  private drain(): void {
    if (!this.port) return;
    while (this.count > 0 && this.fifoRoom > 0) {
      const run = TX_QUEUE_BYTES - this.head;
      let end = this.head + (this.count < this.fifoRoom ? this.count : this.fifoRoom);
      if (end > this.head + run) end = this.head + run;
      const written = this.write(this.queue, this.head, end) - this.head;
      this.head = (this.head + written) % TX_QUEUE_BYTES;
      this.count -= written;
      if (this.fifoRoom === 0) return;
    }
  }

  /**
   * Writes bytes[from..end) a byte at a time while the FIFO takes them; returns where it stopped.
   * One try for the run: setting one up per byte would cost the chip as much as the write.
   */
  private write(bytes: Uint8Array, from: number, end: number): number {
    const port = this.port as SerialPort;
    let i = from;
    try {
      for (; i < end; i++) port.write(bytes[i]);
    } catch {
      // "output full": the FIFO had less room than counted; onWritable comes when it drains.
      this.fifoRoom = 0;
      this.sent += i - from;
      return i;
    }
    this.fifoRoom -= end - from;
    this.sent += end - from;
    return end;
  }
}
