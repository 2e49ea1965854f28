import { describe, expect, it } from "vitest";
import type { ServoCalibration } from "../../firmware/board/config";
import { angleForPulse, clampAngle, dutyForPulse, pulseForAngle, pulseForDuty } from "../../firmware/servo/calibration";
import { ServoChannel } from "../../firmware/servo/servo";

const cal: ServoCalibration = {
  pin: 1,
  minUs: 611,
  maxUs: 2389,
  minAngle: 10,
  maxAngle: 170,
  inverted: false,
  home: 20,
};

class RecordingPwm {
  readonly hz = 50;
  readonly resolution = 14;
  readonly writes: number[] = [];
  write(value: number): void {
    this.writes.push(value);
  }
}

describe("calibration", () => {
  it("maps the angle range linearly onto the pulse range", () => {
    expect(pulseForAngle(cal, 10)).toBe(611);
    expect(pulseForAngle(cal, 170)).toBe(2389);
    expect(pulseForAngle(cal, 90)).toBeCloseTo(1500, 6);
  });

  it("flips the mapping for an inverted servo", () => {
    const inverted = { ...cal, inverted: true };
    expect(pulseForAngle(inverted, 10)).toBe(2389);
    expect(pulseForAngle(inverted, 170)).toBe(611);
    expect(angleForPulse(inverted, pulseForAngle(inverted, 42))).toBeCloseTo(42, 9);
  });

  it("clamps out-of-range and NaN angles before they become pulses", () => {
    expect(clampAngle(cal, -50)).toBe(10);
    expect(clampAngle(cal, 1e9)).toBe(170);
    expect(clampAngle(cal, NaN)).toBe(20);
    expect(pulseForAngle(cal, 400)).toBe(2389);
  });

  it("converts pulses to duty at 50 Hz and 14 bits, and back within one step", () => {
    // 1500 µs of a 20 000 µs frame is 7.5 % of 16383.
    expect(dutyForPulse(1500, 50, 14)).toBe(Math.round(0.075 * 16383));
    expect(dutyForPulse(1e9, 50, 14)).toBe(16383);
    expect(dutyForPulse(-5, 50, 14)).toBe(0);
    const step = 1e6 / 50 / 16383;
    expect(Math.abs(pulseForDuty(dutyForPulse(1234, 50, 14), 50, 14) - 1234)).toBeLessThanOrEqual(step / 2);
  });
});

describe("ServoChannel", () => {
  it("never writes a duty outside the calibrated pulse range, whatever it is asked", () => {
    const pwm = new RecordingPwm();
    const servo = new ServoChannel(pwm, cal);
    const lo = dutyForPulse(611, 50, 14);
    const hi = dutyForPulse(2389, 50, 14);
    for (const angle of [-1e9, -1, 0, 9.99, 10, 90, 170, 170.01, 400, NaN, Infinity, -Infinity]) servo.write(angle);
    expect(pwm.writes.length).toBeGreaterThan(0);
    for (const duty of pwm.writes) {
      expect(duty).toBeGreaterThanOrEqual(lo);
      expect(duty).toBeLessThanOrEqual(hi);
    }
  });

  it("counts clamped requests and reports them", () => {
    const servo = new ServoChannel(new RecordingPwm(), cal);
    expect(servo.write(90)).toBe(true);
    expect(servo.write(200)).toBe(false);
    expect(servo.write(-3)).toBe(false);
    expect(servo.clamped).toBe(2);
    expect(servo.angle).toBe(10);
  });

  it("skips writing a duty the pin already has", () => {
    const pwm = new RecordingPwm();
    const servo = new ServoChannel(pwm, cal);
    servo.write(90);
    servo.write(90);
    servo.write(90.00001);
    expect(pwm.writes).toHaveLength(1);
  });
});
