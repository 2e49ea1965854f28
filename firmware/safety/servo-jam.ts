import { analogVolts } from "../board/config";
import type { AnalogInput } from "../platform/host";

/** How long the rail must stay over the jam threshold: longer than any servo's start-up surge. */
const JAM_CONFIRM_MS = 500;

/**
 * Watches the servo supply rail's current. Hobby servos report no position, but a jammed one
 * draws its stall current for as long as its target is out of reach, which is more than the
 * whole arm draws moving normally.
 */
export class ServoJamMonitor {
  amps = 0;
  private overSinceMs = -1;

  constructor(
    private readonly input: AnalogInput,
    private readonly adcFullScaleVolts: number,
    private readonly ampsPerVolt: number,
    private readonly jamAmps: number,
  ) {}

  /** Reads the rail; true once it has drawn more than the threshold for JAM_CONFIRM_MS. */
  jammed(nowMs: number): boolean {
    const volts = analogVolts(this.input, this.adcFullScaleVolts);
    // A failed read is no sample: it neither ends a jam being timed nor confirms one.
    if (volts === undefined) return false;
    this.amps = volts * this.ampsPerVolt;
    if (this.amps < this.jamAmps) {
      this.overSinceMs = -1;
      return false;
    }
    if (this.overSinceMs < 0) this.overSinceMs = nowMs;
    return nowMs - this.overSinceMs >= JAM_CONFIRM_MS;
  }
}
