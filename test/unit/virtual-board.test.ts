import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import { BoardState, createVirtualDevice, receiveSerial } from "../../host-tools/src/sim/xs/virtual-device";

function board() {
  const state = new BoardState();
  const clock = new VirtualClock();
  return { state, clock, device: createVirtualDevice(state, clock, { led: 2 }) };
}

describe("virtual board", () => {
  it("bridges serial bytes both ways and tells the firmware when bytes arrive", () => {
    const { state, clock, device } = board();
    const told: number[] = [];
    const port = new device.io.Serial({
      port: 0,
      receive: 3,
      transmit: 1,
      baud: 115200,
      format: "number",
      onReadable(bytes) {
        told.push(bytes);
        expect(this).toBe(port);
      },
    });
    expect(receiveSerial(state, [0xf0, 0x79, 0x1f7])).toBe(3);
    expect(told).toEqual([3]);
    expect([port.read(), port.read(), port.read(), port.read()]).toEqual([0xf0, 0x79, 0xf7, undefined]);
    port.write(0x41);
    clock.advance(5);
    port.write(new Uint8Array([1, 2, 3]).buffer);
    // Each byte with the virtual time it was written: the benchmark's round trips need it.
    expect(state.serialOut).toEqual([0, 0x41, 5, 1, 5, 2, 5, 3]);
  });

  it("drops what overflows the UART's receive buffer instead of growing without bound", () => {
    const { state, device } = board();
    new device.io.Serial({ port: 0, receive: 3, transmit: 1, baud: 115200 });
    expect(receiveSerial(state, new Array(1000).fill(1))).toBe(1000);
    expect(receiveSerial(state, new Array(100).fill(2))).toBe(24);
    expect(state.serialIn).toHaveLength(1024);
  });

  it("refuses a pin that is already open, and a duty beyond the resolution", () => {
    const { device } = board();
    const pwm = new device.io.PWM({ pin: 13, hz: 50 });
    expect(() => new device.io.Digital({ pin: 13, mode: device.io.Digital.Output })).toThrow(/pin 13 in use/);
    expect(() => pwm.write(1024)).toThrow(RangeError);
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
    expect(state.digital).toEqual([40, 25, 1]);
    expect(button.read()).toBe(1);
    state.inputs.set(0, 0);
    expect(button.read()).toBe(0);
  });

  it("runs repeating timers at their period in virtual time, and a late one once, not in a burst", () => {
    const { clock } = board();
    const at: number[] = [];
    const timer = clock.repeat(() => at.push(clock.ticks), 20);
    clock.advance(100);
    expect(at).toEqual([20, 40, 60, 80, 100]);
    clock.spend(70);
    clock.advance(30);
    expect(at.slice(5)).toEqual([170, 190]);
    clock.clear(timer);
    clock.advance(100);
    expect(at).toHaveLength(7);
  });
});
