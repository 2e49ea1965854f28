import { ADC_RANGE_MV, type AdcAttenuation } from "../../../../firmware/board/config";
import type { AnalogInput } from "../../../../firmware/platform/host";
import type { ChipPins } from "../../boards/chips";
import type { BoardState } from "./board-state";
import { ANALOG_MS, checkFormat, closedError, pinOption } from "./io-common";
import type { VirtualClock } from "./virtual-clock";

/** The ADC resolution Moddable reports on the ESP32, S3 and C3 (sdk:modules/io/analog/esp32/_analog.c:66-138). */
const ANALOG_RESOLUTION = 12;
const ANALOG_TOP = (1 << ANALOG_RESOLUTION) - 1;
/** Moddable's default attenuation (_analog.c:201). */
const DEFAULT_ATTENUATION: AdcAttenuation = 12;

/**
 * What Moddable's ESP32 Analog returns for a voltage at its pin, calibrated as it is by default:
 * whole calibrated millivolts, which the chip cannot tell apart below the attenuation's minimum,
 * rescaled to counts over the attenuation's maximum and capped at the top count
 * (_analog.c:46-51,417-432). The one place the virtual board turns volts into counts.
 */
export function adcCounts(volts: number, attenuation: AdcAttenuation = DEFAULT_ATTENUATION): number {
  const range = ADC_RANGE_MV[attenuation];
  return countsInRange(volts, range.min, range.max);
}

/** Read once: XS looks a global's name up at every use, and the firmware reads an ADC a few times a tick. */
const { round, trunc } = Math;

function countsInRange(volts: number, minMv: number, maxMv: number): number {
  let millivolts = round(volts * 1000);
  if (!(millivolts >= minMv)) millivolts = minMv;
  const counts = trunc((millivolts * ANALOG_TOP) / maxMv);
  return counts > ANALOG_TOP ? ANALOG_TOP : counts;
}

/** The `Analog` class of the virtual board's `device.io` (virtual-device.ts). */
export function createAnalogClass(
  state: BoardState,
  clock: VirtualClock,
  chip: ChipPins,
  isFree: (pin: number) => boolean,
) {
  class Analog implements AnalogInput {
    private pin = -1;
    private readonly attenuation: AdcAttenuation = DEFAULT_ATTENUATION;
    /** The attenuation's calibrated range in mV (ADC_RANGE_MV), looked up once. */
    private readonly minMv: number;
    private readonly maxMv: number;

    constructor(options: { pin: number; esp32?: { attenuation?: unknown; calibrated?: unknown }; format?: string }) {
      // The checks and their order are _analog.c:204-263's.
      const pin = pinOption(options.pin);
      if (!isFree(pin)) throw new RangeError("in use");
      let calibrated = true;
      const esp32 = options.esp32;
      if (esp32) {
        if ("calibrated" in esp32) calibrated = Boolean(esp32.calibrated);
        if ("attenuation" in esp32) {
          const db = Number(esp32.attenuation);
          if (db !== 0 && db !== 2.5 && db !== 6 && db !== 12) throw new RangeError("bad attenuation");
          this.attenuation = db as AdcAttenuation;
        }
      }
      if (!chip.adc1.includes(pin) && !chip.adc2.includes(pin)) throw new RangeError("not analog pin");
      checkFormat(options);
      // Raw counts follow the chip's own uncalibrated curve, which nothing here knows.
      if (!calibrated) throw new Error("virtual board: uncalibrated analog reads are not modelled");
      state.claimed.add(pin);
      this.pin = pin;
      const range = ADC_RANGE_MV[this.attenuation];
      this.minMv = range.min;
      this.maxMv = range.max;
    }

    get resolution(): number {
      return ANALOG_RESOLUTION;
    }

    read(): number | undefined {
      clock.enterNative();
      const pin = this.pin;
      if (pin < 0) throw clock.leaveNativeWith(closedError(), ANALOG_MS);
      // A test's fault or bench supply (rare, so the common read skips the lookups).
      let volts: number | undefined;
      if (state.analogFailures.size > 0 && state.analogFailures.has(pin)) {
        // adc_oneshot_read failed: Moddable returns without a result (_analog.c:403-406).
        clock.leaveNative(ANALOG_MS);
        return undefined;
      }
      if (state.analog.size > 0) volts = state.analog.get(pin);
      if (volts === undefined) {
        state.sync?.();
        volts = state.analogSource?.(pin) ?? 0;
      }
      const counts = countsInRange(volts, this.minMv, this.maxMv);
      clock.leaveNative(ANALOG_MS);
      return counts;
    }

    close(): void {
      if (this.pin < 0) return;
      state.claimed.delete(this.pin);
      this.pin = -1;
    }
  }

  return Analog;
}
