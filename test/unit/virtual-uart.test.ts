// The virtual UART behaves as Moddable's ESP32 serial driver over the chip's 128-byte FIFOs
// (modules/io/serial/esp32/serial.c): no software buffer either way, "output full" when the
// transmit FIFO is full, onWritable when it runs low after a write, onReadable at the RX
// threshold or after four idle symbols, and bytes lost while the firmware's thread is busy.
import { describe, expect, it } from "vitest";
import type { SerialPort } from "../../firmware/platform/host";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import { BoardState } from "../../host-tools/src/sim/xs/board-state";
import { createVirtualDevice } from "../../host-tools/src/sim/xs/virtual-device";
import { BRIDGE_BYTES, RX_FULL_THRESHOLD, UART_FIFO_BYTES } from "../../host-tools/src/sim/xs/virtual-uart";

const BYTE_MS = 10_000 / 115200;

function chip(options: { debugBuild?: boolean } = {}) {
  const state = new BoardState();
  state.debuggerOwnsUart0 = options.debugBuild ?? false;
  const clock = new VirtualClock();
  return { state, clock, device: createVirtualDevice(state, clock, {}) };
}

interface Opened {
  readonly port: SerialPort;
  readonly readable: number[];
  readonly writable: number[];
}

function open(c: ReturnType<typeof chip>, format: "number" | "buffer" = "number", read = true): Opened {
  const readable: number[] = [];
  const writable: number[] = [];
  const port = new c.device.io.Serial({
    port: 0,
    receive: 3,
    transmit: 1,
    baud: 115200,
    format,
    onReadable(count) {
      readable.push(count);
      if (read) for (let i = 0; i < count; i++) this.read();
    },
    onWritable(room) {
      writable.push(room);
    },
  });
  return { port, readable, writable };
}

describe("virtual UART, as Moddable's ESP32 serial", () => {
  it("has a 128-byte transmit FIFO and no buffer behind it: the 129th write throws 'output full'", () => {
    const c = chip();
    const { port } = open(c);
    for (let i = 0; i < UART_FIFO_BYTES; i++) port.write(i);
    expect(() => port.write(0xff)).toThrow("output full");
    // One byte-time later the first byte has left, and there is room for one more.
    c.clock.advance(1);
    expect(() => port.write(0xff)).not.toThrow();
    c.clock.advance(100);
    const sent = c.state.uart!.delivered.filter((_, i) => i % 2 === 1);
    expect(sent).toEqual([...Array.from({ length: UART_FIFO_BYTES }, (_, i) => i), 0xff]);
  });

  it("writes a buffer whole or not at all", () => {
    const c = chip();
    const { port } = open(c, "buffer");
    port.write(new Uint8Array(100).buffer);
    expect(() => port.write(new Uint8Array(29).buffer)).toThrow("output full");
    expect(() => port.write(new Uint8Array(28).buffer)).not.toThrow();
    c.clock.advance(100);
    expect(c.state.uart!.delivered.length / 2).toBe(128);
  });

  it("in 'number' format writes one byte for a buffer, as xsmcToInteger makes it 0", () => {
    const c = chip();
    const { port } = open(c);
    port.write(Uint8Array.of(1, 2, 3).buffer);
    c.clock.advance(10);
    expect(c.state.uart!.delivered.filter((_, i) => i % 2 === 1)).toEqual([0]);
  });

  it("calls onWritable at open, and again when the FIFO runs low after a write, with the room it has", () => {
    const c = chip();
    const { port, writable } = open(c);
    c.clock.advance(0);
    expect(writable).toEqual([UART_FIFO_BYTES]);
    for (let i = 0; i < 50; i++) port.write(i);
    c.clock.advance(1);
    expect(writable).toHaveLength(1);
    // Forty-one bytes have gone by 3.6 ms: under the threshold of 10 waiting, onWritable is posted.
    c.clock.advance(Math.ceil(41 * BYTE_MS));
    expect(writable).toHaveLength(2);
    expect(writable[1]).toBeGreaterThan(UART_FIFO_BYTES - 10);
  });

  it("tells the firmware at the RX threshold, or after four idle symbols for fewer bytes", () => {
    const c = chip();
    const { readable } = open(c);
    const uart = c.state.uart!;
    uart.hostSend([1, 2, 3], c.clock.simMs);
    c.clock.advance(1);
    expect(readable).toEqual([3]);
    uart.hostSend(
      Array.from({ length: 200 }, (_, i) => i & 0x7f),
      c.clock.simMs,
    );
    c.clock.advance(Math.ceil(RX_FULL_THRESHOLD * BYTE_MS));
    expect(readable[1]).toBeGreaterThanOrEqual(RX_FULL_THRESHOLD);
    c.clock.advance(50);
    expect(readable.reduce((a, b) => a + b, 0)).toBe(203);
    expect(uart.overflowed).toBe(0);
  });

  it("keeps the newest BRIDGE_BYTES a host writes faster than the line carries: its last byte is not stuck behind a flood", () => {
    const c = chip();
    const got: number[] = [];
    new c.device.io.Serial({
      port: 0,
      receive: 3,
      transmit: 1,
      baud: 115200,
      format: "number",
      onReadable(count) {
        for (let i = 0; i < count; i++) got.push(this.read() as number);
      },
    });
    const uart = c.state.uart!;
    uart.hostSend(
      Array.from({ length: 10_000 }, () => 0x55),
      c.clock.simMs,
    );
    uart.hostSend([0x01], c.clock.simMs);
    expect(uart.bridgeLost).toBe(10_001 - BRIDGE_BYTES);
    // The last byte is through once the bridge's BRIDGE_BYTES have crossed the line, and no later.
    c.clock.advance(Math.ceil(BRIDGE_BYTES * BYTE_MS) + 2);
    expect(got.at(-1)).toBe(0x01);
    expect(got).toHaveLength(BRIDGE_BYTES);
  });

  it("loses what arrives while the firmware's thread is busy and the FIFO is full", () => {
    const c = chip();
    open(c);
    const uart = c.state.uart!;
    // A callback that keeps the thread 30 ms (345 byte-times at 115200), while 300 bytes arrive.
    c.clock.repeat(() => c.clock.spend(30), 20);
    c.clock.advance(19);
    uart.hostSend(
      Array.from({ length: 300 }, () => 0x55),
      c.clock.simMs,
    );
    c.clock.advance(60);
    expect(uart.rxHighWater).toBe(UART_FIFO_BYTES);
    expect(uart.overflowed).toBeGreaterThan(0);
  });

  it("refuses UART0 in a debug build, where xsbug's debugger owns it", () => {
    expect(() => open(chip({ debugBuild: true }))).toThrow("in use");
    expect(() => open(chip())).not.toThrow();
  });

  it("checks port, baud and format as serial.c does", () => {
    const c = chip();
    const base = { receive: 3, transmit: 1 };
    expect(() => new c.device.io.Serial({ ...base, port: 3, baud: 115200 })).toThrow("invalid port");
    const d = chip();
    expect(() => new d.device.io.Serial({ ...base, port: 0, baud: 0 })).toThrow("invalid baud");
  });
});

/** A clock charging 1 µs a unit of work, with no dispatch cost, and a way to do that work. */
function meteredClock(): { clock: VirtualClock; work: (units: number) => void } {
  const clock = new VirtualClock();
  let units = 0;
  const takeMeter = (): number => {
    const counted = units;
    units = 0;
    return counted;
  };
  clock.cost = { takeMeter, taken: { units: 0 }, msPerUnit: 0.001, dispatchMs: 0 };
  return { clock, work: (more) => void (units += more) };
}

describe("virtual chip's thread", () => {
  it("charges each callback for its work, so a tick can be late and ticks catch up back to back", () => {
    const { clock, work } = meteredClock();
    const starts: number[] = [];
    clock.repeat(() => {
      starts.push(clock.simMs);
      // The first tick does 50 ms of work; the rest 1 ms.
      work(starts.length === 1 ? 50_000 : 1_000);
    }, 20);
    clock.advance(100);
    expect(starts[0]).toBe(20);
    // Moddable keeps the schedule (timer.c adds the interval before calling back): the ticks
    // due at 40 and 60 run as soon as the thread is free, one after the other.
    expect(starts.slice(1, 3)).toEqual([70, 71]);
    expect(starts[3]).toBe(80);
    expect(clock.longestCallMs).toBe(50);
  });

  it("restarts the chip when an exception escapes a callback", () => {
    const clock = new VirtualClock();
    const escaped: unknown[] = [];
    clock.onUncaught = (error) => escaped.push(error);
    clock.repeat(() => {
      throw new Error("no ledc channel");
    }, 20);
    clock.advance(20);
    expect(escaped).toHaveLength(1);
    expect(String(escaped[0])).toContain("no ledc channel");
  });

  it("has the task watchdog reset a chip whose callback holds the thread past its timeout", () => {
    const { clock, work } = meteredClock();
    clock.watchdogMs = 5000;
    let bitten = 0;
    clock.onWatchdog = () => bitten++;
    let perCall = 4_000_000;
    clock.repeat(() => work(perCall), 20);
    clock.advance(20);
    expect(bitten).toBe(0);
    perCall = 6_000_000;
    clock.advance(4000);
    expect(bitten).toBe(1);
  });

  it("does not charge the firmware for work the simulator does inside a callback", () => {
    const { clock, work } = meteredClock();
    clock.repeat(() => {
      work(1_000);
      // The physics, as Simulation runs it inside a callback.
      clock.enterNative();
      work(99_000);
      clock.leaveNative(0);
    }, 20);
    clock.advance(20);
    expect(clock.longestCallMs).toBe(1);
  });

  it("charges a native driver call its own cost, not its stand-in's, even with physics inside it", () => {
    const { clock, work } = meteredClock();
    const seen: number[] = [];
    clock.repeat(() => {
      work(2_000);
      clock.enterNative();
      work(5_000);
      clock.enterNative();
      work(50_000);
      clock.leaveNative(0);
      clock.leaveNative(0.5);
      seen.push(clock.simMs);
    }, 20);
    clock.advance(20);
    expect(seen).toEqual([22.5]);
    expect(clock.longestCallMs).toBe(2.5);
  });
});
