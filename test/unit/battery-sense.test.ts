// The supply voltage from raw ADC counts: full scale at the board's attenuation, times the
// divider; a failed read (Moddable's Analog.read() returns undefined) is no sample.
import { describe, expect, it } from "vitest";
import { BatterySense, openBatterySense } from "../../firmware/lander/battery-sense";
import type { AnalogInput } from "../../firmware/platform/host";
import { loadBoard } from "../../host-tools/src/boards/load";

function adc(resolution: number, ...readings: (number | undefined)[]): AnalogInput {
  return { resolution, read: () => readings.shift() };
}

describe("battery sense", () => {
  it("turns counts into supply volts through the divider", () => {
    const sense = new BatterySense(adc(12, 4095, 2048, 0), 2.45, { dividerRatio: 4, minVolts: 6.4 });
    expect(sense.volts).toBe(0);
    expect(sense.sample()).toBe(true);
    expect(sense.volts).toBeCloseTo(9.8, 9);
    expect(sense.sample()).toBe(true);
    expect(sense.volts).toBeCloseTo((2048 / 4095) * 2.45 * 4, 9);
    expect(sense.sample()).toBe(true);
    expect(sense.volts).toBe(0);
  });

  it("keeps the last good reading when a read fails", () => {
    const sense = new BatterySense(adc(10, 1023, undefined), 1, { dividerRatio: 3, minVolts: 2 });
    expect(sense.sample()).toBe(true);
    expect(sense.sample()).toBe(false);
    expect(sense.volts).toBe(3);
  });

  it("is too low to start under its minimum, or when it cannot be read", () => {
    const config = { dividerRatio: 1, minVolts: 1.5 };
    expect(new BatterySense(adc(12, 4095), 2, config).tooLowToStart()).toBe(false);
    expect(new BatterySense(adc(12, 2047), 2, config).tooLowToStart()).toBe(true);
    expect(new BatterySense(adc(12, undefined), 2, config).tooLowToStart()).toBe(true);
  });

  it("opens only on a board with a battery sense", () => {
    const board = loadBoard("esp32-devkitc");
    const opened: number[] = [];
    const device = {
      io: {
        Analog: class {
          readonly resolution = 12;
          constructor(options: { pin: number }) {
            opened.push(options.pin);
          }
          read(): number {
            return 4095;
          }
        },
      },
    } as unknown as Parameters<typeof openBatterySense>[0];
    const sense = openBatterySense(device, board);
    expect(opened).toEqual([board.battery!.pin]);
    expect(sense?.sample()).toBe(true);
    expect(sense?.volts).toBeCloseTo(2.45 * board.battery!.dividerRatio, 9);
    expect(openBatterySense(device, { ...board, battery: undefined })).toBeUndefined();
  });
});
