import type { ServoCalibration } from "../../../firmware/board/config";
import { angleForPulse, pulseForDuty } from "../../../firmware/servo/calibration";

/** One output's writes over time: virtual ms and the duty written then. */
export interface PwmSeries {
  readonly times: number[];
  readonly duties: number[];
}

/** Splits a flat (time, pin, duty) trace into one series per pin. */
export function seriesByPin(flat: readonly number[]): Map<number, PwmSeries> {
  const byPin = new Map<number, PwmSeries>();
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const pin = flat[i + 1];
    let series = byPin.get(pin);
    if (!series) byPin.set(pin, (series = { times: [], duties: [] }));
    series.times.push(flat[i]);
    series.duties.push(flat[i + 2]);
  }
  return byPin;
}

/** The duty on the pin at `ms`: the last write at or before it (undefined before the first). */
export function dutyAt(series: PwmSeries, ms: number): number | undefined {
  let lo = 0;
  let hi = series.times.length - 1;
  if (hi < 0 || series.times[0] > ms) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (series.times[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return series.duties[lo];
}

/** Reads a duty back into the servo's units (degrees, or mm and rpm for the drill). */
export function valueForDuty(cal: ServoCalibration, duty: number, hz: number, resolution: number): number {
  return angleForPulse(cal, pulseForDuty(duty, hz, resolution));
}
