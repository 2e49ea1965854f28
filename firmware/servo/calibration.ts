import type { ServoCalibration } from "../board/config";

/** Clamps an angle into the calibrated range; NaN becomes the home angle, never a pulse. */
export function clampAngle(cal: ServoCalibration, angle: number): number {
  if (angle !== angle) return cal.home;
  if (angle < cal.minAngle) return cal.minAngle;
  if (angle > cal.maxAngle) return cal.maxAngle;
  return angle;
}

/** Pulse width in microseconds for an angle, clamped into the calibrated range first. */
export function pulseForAngle(cal: ServoCalibration, angle: number): number {
  let fraction = (clampAngle(cal, angle) - cal.minAngle) / (cal.maxAngle - cal.minAngle);
  if (cal.inverted) fraction = 1 - fraction;
  return cal.minUs + fraction * (cal.maxUs - cal.minUs);
}

/** The inverse of pulseForAngle, used by tools that read a PWM trace back into angles. */
export function angleForPulse(cal: ServoCalibration, us: number): number {
  let fraction = (us - cal.minUs) / (cal.maxUs - cal.minUs);
  if (cal.inverted) fraction = 1 - fraction;
  return cal.minAngle + fraction * (cal.maxAngle - cal.minAngle);
}

/** ECMA-419 PWM duty (0 .. 2^resolution - 1) for a pulse width at the given frequency. */
export function dutyForPulse(us: number, hz: number, resolution: number): number {
  const full = (1 << resolution) - 1;
  const duty = Math.round((us * hz * full) / 1_000_000);
  return duty < 0 ? 0 : duty > full ? full : duty;
}

export function pulseForDuty(duty: number, hz: number, resolution: number): number {
  return (duty * 1_000_000) / (hz * ((1 << resolution) - 1));
}
