// The transmitter in front of Moddable's ESP32 serial write, which puts a byte straight into the
// 128-byte TX FIFO or throws "output full" (modules/io/serial/esp32/serial.c): frames go out whole
// and in order, or are dropped whole, and the FIFO's refusals never lose or tear one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TX_QUEUE_BYTES, Transmitter } from "../../firmware/link/transmitter";
import type { SerialPort } from "../../firmware/platform/host";

const FIFO_BYTES = 128;

/** A UART's TX FIFO as serial.c's number format sees it; `wire` is what has left the chip. */
class FifoPort implements SerialPort {
  readonly fifo: number[] = [];
  readonly wire: number[] = [];
  writes = 0;

  read(): undefined {
    return undefined;
  }

  write(value: number | ArrayBuffer): void {
    if (this.fifo.length === FIFO_BYTES) throw new Error("output full");
    this.writes++;
    this.fifo.push(Number(value) & 0xff);
  }

  /** The UART shifts `count` bytes out; returns the room it then has, as onWritable reports it. */
  shift(count: number): number {
    this.wire.push(...this.fifo.splice(0, count));
    return FIFO_BYTES - this.fifo.length;
  }
}

function frame(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 31 + i) & 0xff);
}

function attached(): { tx: Transmitter; port: FifoPort } {
  const tx = new Transmitter();
  const port = new FifoPort();
  tx.attach(port);
  tx.writable(FIFO_BYTES);
  return { tx, port };
}

describe("Transmitter", () => {
  it("sends a frame that fits straight into the FIFO, a byte per write", () => {
    const { tx, port } = attached();
    const bytes = frame(42, 1);
    expect(tx.send(bytes, 42)).toBe(true);
    expect(port.fifo).toEqual(Array.from(bytes));
    expect(tx.queued).toBe(0);
    expect(tx.sent).toBe(42);
  });

  it("holds what the FIFO has no room for until onWritable, then sends it in order", () => {
    const { tx, port } = attached();
    const first = frame(100, 1);
    const second = frame(60, 2);
    tx.send(first, 100);
    tx.send(second, 60);
    // The FIFO took 128 bytes: all of the first frame and 28 of the second.
    expect(port.fifo.length).toBe(FIFO_BYTES);
    expect(tx.queued).toBe(32);
    tx.writable(port.shift(FIFO_BYTES));
    port.shift(FIFO_BYTES);
    expect(port.wire).toEqual([...first, ...second]);
    expect(tx.queued).toBe(0);
  });

  it("finishes a frame the FIFO refused half way once it drains: nothing torn, nothing lost", () => {
    const { tx, port } = attached();
    // Something else filled the FIFO behind the transmitter's back: its count of the room is stale.
    for (let i = 0; i < 100; i++) port.write(0xee);
    const bytes = frame(42, 3);
    expect(tx.send(bytes, 42)).toBe(true);
    expect(port.fifo.length).toBe(FIFO_BYTES);
    expect(tx.queued).toBe(42 - 28);
    tx.writable(port.shift(FIFO_BYTES));
    port.shift(FIFO_BYTES);
    expect(port.wire.slice(100)).toEqual(Array.from(bytes));
  });

  it("drops a frame the queue has no room for, whole, and counts it", () => {
    const { tx, port } = attached();
    tx.writable(0);
    const big = frame(TX_QUEUE_BYTES - 10, 4);
    expect(tx.send(big, big.length)).toBe(true);
    expect(tx.send(frame(20, 5), 20)).toBe(false);
    expect(tx.dropped).toBe(20);
    expect(tx.send(frame(10, 6), 10)).toBe(true);
    for (let i = 0; i < 20 && tx.queued > 0; i++) tx.writable(port.shift(FIFO_BYTES));
    port.shift(FIFO_BYTES);
    expect(port.wire).toEqual([...big, ...frame(10, 6)]);
  });

  it("puts out exactly the frames it accepted, whole and in order, however the FIFO drains (fast-check)", () => {
    const action = fc.oneof(
      fc.record({ send: fc.integer({ min: 1, max: 320 }) }),
      fc.record({ shift: fc.integer({ min: 0, max: FIFO_BYTES }) }),
      fc.record({ stale: fc.integer({ min: 1, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 200 }), (actions) => {
        const { tx, port } = attached();
        const expected: number[] = [];
        let seed = 0;
        for (const step of actions) {
          if ("send" in step) {
            const bytes = frame(step.send, seed++);
            if (tx.send(bytes, bytes.length)) expected.push(...bytes);
          } else if ("shift" in step) {
            tx.writable(port.shift(step.shift));
          } else {
            // onWritable's count goes stale: the transmitter believes in more room than there is.
            tx.writable(FIFO_BYTES - port.fifo.length + step.stale);
          }
        }
        for (let i = 0; i < 100 && (tx.queued > 0 || port.fifo.length > 0); i++) tx.writable(port.shift(FIFO_BYTES));
        expect(port.wire).toEqual(expected);
        expect(tx.sent).toBe(expected.length);
      }),
    );
  });
});
