import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import { BoardState } from "../../host-tools/src/sim/xs/board-state";
import { createVirtualDevice } from "../../host-tools/src/sim/xs/virtual-device";

function board() {
  const state = new BoardState();
  const clock = new VirtualClock();
  return { state, clock, device: createVirtualDevice(state, clock, { led: 2 }) };
}

describe("virtual board", () => {
  /** Opens the link's UART; with `got`, its onReadable reads everything into it, as the firmware does. */
  function openPort(b: ReturnType<typeof board>, told: number[] = [], got?: number[]) {
    const port = new b.device.io.Serial({
      port: 0,
      receive: 3,
      transmit: 1,
      baud: 115200,
      format: "number",
      onReadable(bytes) {
        told.push(bytes);
        expect(this).toBe(port);
        if (got) for (let i = 0; i < bytes; i++) got.push(this.read() as number);
      },
    });
    return { port, uart: b.state.uart! };
  }

  it("carries host bytes to the firmware a byte-time each later and tells it when they arrive", () => {
    const b = board();
    const told: number[] = [];
    const { port, uart } = openPort(b, told);
    uart.hostSend([0xf0, 0x79, 0x1f7], b.clock.simMs);
    b.clock.advance(0);
    expect(told).toEqual([]);
    // Three 10-bit bytes at 115200 baud take 0.26 ms: there on the next whole millisecond.
    b.clock.advance(1);
    expect(told).toEqual([3]);
    expect([port.read(), port.read(), port.read(), port.read()]).toEqual([0xf0, 0x79, 0xf7, undefined]);
  });

  it("sends the firmware's bytes at the baud rate, stamped with when each reached the host", () => {
    const b = board();
    const { port, uart } = openPort(b);
    // The 128-byte FIFO is all the room there is (virtual-uart.test.ts has the rest).
    for (let i = 0; i < 128; i++) port.write(i);
    b.clock.advance(10);
    // 115200 baud is 11.52 bytes a millisecond: 115 of them are through after 10 ms.
    expect(uart.delivered.length / 2).toBe(115);
    expect(uart.delivered[1]).toBe(0);
    expect(uart.delivered[uart.delivered.length - 2]).toBeLessThanOrEqual(10);
    b.clock.advance(10);
    expect(uart.delivered.length / 2).toBe(128);
  });

  it("drops what overflows the UART's receive buffer instead of growing without bound", () => {
    const b = board();
    // The firmware never reads: the 128-byte FIFO fills and the rest of the 1,100 bytes is lost.
    const { uart } = openPort(b);
    // At the line's pace (100 bytes take 8.7 ms at 115200), so the host's bridge loses none.
    for (let i = 0; i < 11; i++) {
      uart.hostSend(new Array(100).fill(1), b.clock.simMs);
      b.clock.advance(10);
    }
    b.clock.advance(100);
    expect(uart.bridgeLost).toBe(0);
    expect(uart.available).toBe(128);
    expect(uart.overflowed).toBe(972);
  });

  it("loses bytes on demand with seeded odds, the same ones for the same seed, and none while unplugged", () => {
    const received = (drop: number): number => {
      const b = board();
      const got: number[] = [];
      const { uart } = openPort(b, [], got);
      uart.faults = { drop, corrupt: 0 };
      for (let i = 0; i < 10; i++) {
        uart.hostSend(new Array(100).fill(7), b.clock.simMs);
        b.clock.advance(10);
      }
      b.clock.advance(200);
      return got.length;
    };
    const once = received(0.25);
    expect(once).toBeGreaterThan(650);
    expect(once).toBeLessThan(850);
    expect(received(0.25)).toBe(once);
    expect(received(0)).toBe(1000);
    const b = board();
    const { port, uart } = openPort(b);
    uart.disconnected = true;
    uart.hostSend([1, 2, 3], 0);
    port.write(9);
    b.clock.advance(10);
    expect(uart.available).toBe(0);
    expect(uart.delivered).toEqual([]);
  });

  it("restarts the firmware's ticks and timers at a reset while simulation time runs on", () => {
    const b = board();
    const at: number[] = [];
    b.clock.repeat(() => at.push(b.clock.ticks), 20);
    b.clock.advance(50);
    b.clock.restartFirmware();
    b.clock.advance(50);
    expect(at).toEqual([20, 40]);
    expect(b.clock.ticks).toBe(50);
    expect(b.clock.simMs).toBe(100);
  });

  it("refuses a pin that is already open, and a duty beyond the resolution", () => {
    const { device } = board();
    const pwm = new device.io.PWM({ pin: 13, hz: 50 });
    expect(() => new device.io.Digital({ pin: 13, mode: device.io.Digital.Output })).toThrow(/^in use$/);
    expect(() => pwm.write(1024)).toThrow(new RangeError("invalid value"));
    expect(device.pin.led).toBe(2);
  });

  it("records PWM and digital writes against virtual time, and inputs read their pull level", () => {
    const { state, clock, device } = board();
    const pwm = new device.io.PWM({ pin: 13, hz: 50 });
    const led = new device.io.Digital({ pin: 25, mode: device.io.Digital.Output });
    const button = new device.io.Digital({ pin: 0, mode: device.io.Digital.InputPullUp });
    clock.advance(40);
    pwm.write(700);
    led.write(1);
    expect(state.pwm).toEqual([40, 13, 700]);
    // The output is driven low the moment it opens, then high at the write.
    expect(state.digital).toEqual([0, 25, 0, 40, 25, 1]);
    expect(button.read()).toBe(1);
    state.inputs.set(0, 0);
    expect(button.read()).toBe(0);
  });

  it("runs repeating timers at their period, and after a stall fires every missed period back to back", () => {
    const { clock } = board();
    const at: number[] = [];
    const timer = clock.repeat(() => at.push(clock.ticks), 20);
    clock.advance(100);
    expect(at).toEqual([20, 40, 60, 80, 100]);
    clock.spend(70);
    clock.advance(30);
    // Due at 120, 140 and 160, all run at 170; then the timer is back on its 20 ms grid.
    expect(at.slice(5)).toEqual([170, 170, 170, 180, 200]);
    clock.clear(timer);
    clock.advance(100);
    expect(at).toHaveLength(10);
  });
});
