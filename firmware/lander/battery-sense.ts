import { adcFullScaleVolts, analogVolts, openAnalog, type BoardConfig } from "../board/config";
import type { AnalogInput, DeviceProvider } from "../platform/host";

/** The board file's battery sense: the divider's ratio and the least a start needs. */
interface BatteryConfig {
  readonly dividerRatio: number;
  readonly minVolts: number;
}

/**
 * The supply voltage, read through the divider on the battery-sense pin. A failed ADC read is no
 * sample: the last good reading stands.
 */
export class BatterySense {
  /** The last supply voltage read; 0 until the first good read. */
  volts = 0;

  constructor(
    private readonly input: AnalogInput,
    /** Volts at the pin that read as the ADC's top count. */
    private readonly fullScaleVolts: number,
    private readonly config: BatteryConfig,
  ) {}

  /** Reads the supply now; false when the ADC read failed, which leaves the last reading. */
  sample(): boolean {
    const volts = analogVolts(this.input, this.fullScaleVolts);
    if (volts === undefined) return false;
    this.volts = volts * this.config.dividerRatio;
    return true;
  }

  /**
   * Measured now, not taken from the last tick: a start before the first tick would see 0 V. A
   * read that failed cannot show the supply is good, so it counts as low.
   */
  tooLowToStart(): boolean {
    return !this.sample() || this.volts < this.config.minVolts;
  }
}

/** The board's battery sense, or undefined on a board without one. */
export function openBatterySense(device: DeviceProvider, board: BoardConfig): BatterySense | undefined {
  const battery = board.battery;
  return battery
    ? new BatterySense(openAnalog(device, board, battery.pin), adcFullScaleVolts(board), battery)
    : undefined;
}
