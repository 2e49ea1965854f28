// The virtual board's PWM, Digital and Analog refuse what Moddable SDK 8.2.3 refuses on the chip,
// with the same errors (docs/fidelity.md lists the SDK lines each test follows).
import { describe, expect, it } from "vitest";
import type { PwmOutput } from "../../firmware/platform/host";
import { DEFAULT_LEDC_CHANNEL_MAP, ledcChannelMap, type ChipId } from "../../host-tools/src/boards/chips";
import { FIRMWARE_LEDC_CHANNEL_MAP } from "../../host-tools/src/boards/firmware-build";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import { BoardState } from "../../host-tools/src/sim/xs/board-state";
import { adcCounts } from "../../host-tools/src/sim/xs/virtual-analog";
import { createVirtualDevice, type VirtualDeviceOptions } from "../../host-tools/src/sim/xs/virtual-device";

/** The virtual PWM's whole constructor: the firmware's seam types only the options it passes. */
type FullPwm = new (options: { pin: number; hz?: number; resolution?: number; port?: number }) => PwmOutput & {
  close(): void;
};

function device(options: VirtualDeviceOptions = {}) {
  const state = new BoardState();
  const clock = new VirtualClock();
  const io = createVirtualDevice(state, clock, {}, options).io;
  return { state, clock, io: { ...io, PWM: io.PWM as unknown as FullPwm } };
}

/** Eight free output pins on each chip, in the order the firmware opens its servos. */
const OUTPUTS: Record<ChipId, number[]> = {
  esp32: [13, 16, 17, 18, 19, 21, 22, 23, 25],
  esp32s3: [4, 5, 6, 7, 15, 16, 17, 18, 21],
  esp32c3: [0, 1, 3, 4, 5, 6, 7, 10, 20],
};

describe("virtual PWM: Moddable's LEDC channel pool", () => {
  it("gives the fifth PWM no channel when the build defines none (channels 4-7 only)", () => {
    const { io } = device({ ledcChannelMap: ledcChannelMap(undefined) });
    for (const pin of OUTPUTS.esp32.slice(0, 4)) new io.PWM({ pin, hz: 50 });
    expect(() => new io.PWM({ pin: OUTPUTS.esp32[4], hz: 50 })).toThrow(new Error("no ledc channel"));
  });

  it("opens eight with the manifest's map, the ninth throws, and close gives a channel back", () => {
    expect(FIRMWARE_LEDC_CHANNEL_MAP).toBe(0xff);
    for (const chip of ["esp32", "esp32s3"] as const) {
      const { io } = device({ chip, ledcChannelMap: FIRMWARE_LEDC_CHANNEL_MAP });
      const open = OUTPUTS[chip].slice(0, 8).map((pin) => new io.PWM({ pin, hz: 50, resolution: 14 }));
      expect(() => new io.PWM({ pin: OUTPUTS[chip][8], hz: 50, resolution: 14 }), chip).toThrow("no ledc channel");
      open[3].close();
      const again = new io.PWM({ pin: OUTPUTS[chip][8], hz: 50, resolution: 14 });
      expect(again.hz).toBe(50);
      expect(() => open[3].write(0)).toThrow(SyntaxError);
    }
  });

  it("reads a channel map only where mcconfig makes MODDEF_PWM_LEDC_CHANNEL", () => {
    expect(ledcChannelMap({})).toBe(DEFAULT_LEDC_CHANNEL_MAP);
    expect(ledcChannelMap({ pwm: { ledc: { channel_map: 255 } } })).toBe(0xf0);
    expect(ledcChannelMap({ pwm: { ledc: { channel: 0, channel_map: 0x0f } } })).toBe(0x0f);
    expect(() => ledcChannelMap({ pwm: { ledc: { channel: 0 } } })).toThrow(/channel_map/);
  });

  it("takes a given port only if the map leaves it free", () => {
    const { io } = device({ ledcChannelMap: 0xf0 });
    expect(() => new io.PWM({ pin: 13, port: 8 })).toThrow(new RangeError("invalid port"));
    expect(() => new io.PWM({ pin: 13, port: 2 })).toThrow(new Error("port unavailable"));
    new io.PWM({ pin: 13, port: 5 });
    expect(() => new io.PWM({ pin: 16, port: 5 })).toThrow("port unavailable");
  });

  it("refuses what _pwm.c refuses: bad hz, bad resolution, too low a frequency, a fifth timer", () => {
    const { io } = device({ ledcChannelMap: 0xff });
    const open = (options: { pin: number; hz?: number; resolution?: number }) => () => new io.PWM(options);
    expect(open({ pin: 13, hz: 0 })).toThrow(new RangeError("invalid hz"));
    expect(open({ pin: 13, hz: 50, resolution: 0 })).toThrow(new RangeError("invalid resolution"));
    expect(open({ pin: 13, hz: 50, resolution: 21 })).toThrow(new RangeError("invalid resolution"));
    // 50 Hz needs 10 bits or more on the ESP32 (MIN_HZ 65 at 8 bits, 33 at 9).
    expect(open({ pin: 13, hz: 50, resolution: 8 })).toThrow(
      new RangeError("invalid combination of hz and resolution"),
    );
    expect(open({ pin: 13, hz: 50, resolution: 16 })).toThrow("invalid combination of hz and resolution");
    // The LEDC divides 80 MHz: 10 kHz at 14 bits is out of reach.
    expect(open({ pin: 13, hz: 10_000, resolution: 14 })).toThrow(new Error("configure ledc timer failed"));
    expect(open({ pin: 34, hz: 50, resolution: 14 })).toThrow(new Error("can't configure"));
    expect(open({ pin: 20, hz: 50 })).toThrow(new Error("in use"));
    // Four timers, shared by outputs with the same hz and resolution.
    for (const [pin, hz] of [
      [13, 50],
      [16, 50],
      [17, 60],
      [18, 70],
      [19, 80],
    ])
      new io.PWM({ pin, hz, resolution: 14 });
    expect(open({ pin: 21, hz: 90, resolution: 14 })).toThrow(new RangeError("no timer"));
    new io.PWM({ pin: 21, hz: 80, resolution: 14 });
  });

  it("reports the timer's whole-Hz frequency and truncates a fractional duty", () => {
    const { io, state } = device({ ledcChannelMap: 0xff });
    const pwm = new io.PWM({ pin: 13, hz: 50.9, resolution: 14 });
    expect(pwm.hz).toBe(50);
    expect(pwm.resolution).toBe(14);
    pwm.write(1000.7);
    expect(state.duty[13]).toBe(1000);
    expect(() => pwm.write(-1)).toThrow(new RangeError("invalid value"));
  });
});

describe("virtual Digital", () => {
  it("refuses an invalid mode, Output on an input-only pin, a pin the chip lacks, a read of an output", () => {
    const { io } = device({ chip: "esp32" });
    expect(() => new io.Digital({ pin: 13, mode: 4 })).toThrow(new RangeError("invalid mode"));
    expect(() => new io.Digital({ pin: 13, mode: 16 })).toThrow(new RangeError("invalid mode"));
    for (const pin of [34, 35, 36, 39])
      expect(() => new io.Digital({ pin, mode: io.Digital.Output })).toThrow(new RangeError("input only"));
    expect(() => new io.Digital({ pin: 24, mode: io.Digital.Input })).toThrow(new Error("invalid pin"));
    const input = new io.Digital({ pin: 34, mode: io.Digital.Input });
    expect(input.read()).toBe(0);
    expect(() => input.write(1)).toThrow(new Error("can't write input"));
    const output = new io.Digital({ pin: 13, mode: io.Digital.Output });
    expect(() => output.read()).toThrow(new Error("can't read output"));
  });

  it("knows its chip: the S3 has no input-only pins, and GPIO38 is an output there", () => {
    const { io } = device({ chip: "esp32s3" });
    new io.Digital({ pin: 38, mode: io.Digital.Output });
    expect(() => new io.Digital({ pin: 22, mode: io.Digital.Output })).toThrow("invalid pin");
  });

  it("drives an output low as it opens, or at its initialValue", () => {
    const { io, state } = device();
    new io.Digital({ pin: 25, mode: io.Digital.Output });
    new io.Digital({ pin: 26, mode: io.Digital.Output, initialValue: 1 });
    expect(state.level(25)).toBe(0);
    expect(state.level(26)).toBe(1);
    expect(state.digital).toEqual([0, 25, 0, 0, 26, 1]);
  });
});

describe("virtual Analog", () => {
  it("refuses a pin with no ADC, and one already open, with _analog.c's RangeErrors", () => {
    const { io } = device({ chip: "esp32" });
    expect(() => new io.Analog({ pin: 23 })).toThrow(new RangeError("not analog pin"));
    // GPIO37 is ADC1 on the die, but WROOM-32 modules do not bond it out.
    expect(() => new io.Analog({ pin: 37 })).toThrow(RangeError);
    new io.Analog({ pin: 34 });
    expect(() => new io.Analog({ pin: 34 })).toThrow(new RangeError("in use"));
    expect(() => new io.Analog({ pin: 35, esp32: { attenuation: 11 } })).toThrow(new RangeError("bad attenuation"));
    const s3 = device({ chip: "esp32s3" }).io;
    expect(() => new s3.Analog({ pin: 34 })).toThrow("not analog pin");
    new s3.Analog({ pin: 1 });
  });

  it("reads 12 dB by default: 2.45 V is full scale, above it stays 4095, below 0.15 V reads as 0.15 V", () => {
    const { io, state } = device();
    const adc = new io.Analog({ pin: 34 });
    expect(adc.resolution).toBe(12);
    const at = (volts: number) => {
      state.analog.set(34, volts);
      return adc.read();
    };
    expect(at(2.45)).toBe(4095);
    expect(at(3.0)).toBe(4095);
    expect(at(1.0)).toBe(1671);
    expect(at(0)).toBe(at(0.15));
    expect(at(0)).toBe(250);
  });

  it("scales to the attenuation the firmware opened the pin with", () => {
    const { io, state } = device();
    const adc = new io.Analog({ pin: 34, esp32: { attenuation: 0 } });
    state.analog.set(34, 0.95);
    expect(adc.read()).toBe(4095);
    expect(adcCounts(0.5, 0)).toBe(2155);
    expect(adcCounts(0.5)).toBe(835);
  });

  it("returns undefined when the ADC read fails", () => {
    const { io, state } = device();
    const adc = new io.Analog({ pin: 34 });
    state.analog.set(34, 1);
    state.analogFailures.add(34);
    expect(adc.read()).toBeUndefined();
    state.analogFailures.delete(34);
    expect(adc.read()).toBe(1671);
  });
});
