import type { ServoCalibration } from "../board/config";
import type { PwmOutput } from "../platform/host";
import { clampAngle, dutyForPulse, pulseForAngle } from "./calibration";

/**
 * The only path from a commanded value to a servo pin. For arm joints the value is an angle in
 * degrees; the drill's feed (mm) and spin (rpm) reuse it with calibrations in their own units. Whatever it is asked, the pulse it
 * writes stays inside the calibrated range; a request outside the limits is clamped and counted so the
 * caller can report it.
 */
export class ServoChannel {
  private lastDuty = -1;
  private commanded: number;
  /** The last request and whether it was inside the limits: a servo held still is asked the same every tick. */
  private lastRequest = NaN;
  private lastInside = true;
  /** The channel's frequency and resolution, fixed when it opened: read once, not on every write. */
  private readonly hz: number;
  private readonly resolution: number;
  /** Requests that fell outside the joint's limits and were clamped. */
  clamped = 0;

  constructor(
    private readonly pwm: PwmOutput,
    readonly calibration: ServoCalibration,
  ) {
    this.commanded = calibration.home;
    this.hz = pwm.hz;
    this.resolution = pwm.resolution;
  }

  get angle(): number {
    return this.commanded;
  }

  /** Returns false when the request was outside the limits and had to be clamped. */
  write(angle: number): boolean {
    if (angle === this.lastRequest) {
      if (!this.lastInside) this.clamped++;
      return this.lastInside;
    }
    const safe = clampAngle(this.calibration, angle);
    const inside = safe === angle;
    if (!inside) this.clamped++;
    this.lastRequest = angle;
    this.lastInside = inside;
    this.commanded = safe;
    const duty = dutyForPulse(pulseForAngle(this.calibration, safe), this.hz, this.resolution);
    // Writing the same duty again changes nothing on the pin; skipping it keeps the
    // simulator's trace small and the ESP32's LEDC registers quiet.
    if (duty !== this.lastDuty) {
      this.lastDuty = duty;
      this.pwm.write(duty);
    }
    return inside;
  }
}
