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
  /** Requests that fell outside the joint's limits and were clamped. */
  clamped = 0;

  constructor(
    private readonly pwm: PwmOutput,
    readonly calibration: ServoCalibration,
  ) {
    this.commanded = calibration.home;
  }

  get angle(): number {
    return this.commanded;
  }

  /** Returns false when the request was outside the limits and had to be clamped. */
  write(angle: number): boolean {
    const safe = clampAngle(this.calibration, angle);
    const inside = safe === angle;
    if (!inside) this.clamped++;
    this.commanded = safe;
    const duty = dutyForPulse(pulseForAngle(this.calibration, safe), this.pwm.hz, this.pwm.resolution);
    // Writing the same duty again changes nothing on the pin; skipping it keeps the
    // simulator's trace small and the ESP32's LEDC registers quiet.
    if (duty !== this.lastDuty) {
      this.lastDuty = duty;
      this.pwm.write(duty);
    }
    return inside;
  }
}
