import type { CpuCost } from "./virtual-clock";

/**
 * What one XS computron costs on the chip. A computron is one bytecode dispatched by XS's
 * interpreter loop (xsRun.c counts one per opcode under mxMetering), plus weighted counts for
 * built-ins that loop natively (xsArray.c and friends add per element).
 *
 * No published figure gives XS's bytecode rate on an ESP32, so this is an estimate, chosen on
 * the slow side: 500 ns is 120 cycles of a 240 MHz Xtensa LX6/LX7 per bytecode, for an
 * interpreter running from flash through a 32 KB cache (a desktop core runs the same XS at
 * about 5 ns a computron, `npm run bench`). Telemetry carries the firmware's longest tick,
 * which the HIL suite's full mission reads back from a real board, so the figure can be
 * checked against a chip (docs/fidelity.md); `npm run test:slow-chip` runs the suite at three
 * times this cost.
 */
export const NS_PER_COMPUTRON = 500;

/**
 * What an IO call into Moddable's C drivers costs the chip, in ms (the simulator's stand-ins
 * are JavaScript, which is not charged). Estimates from the drivers' work, on the slow side:
 * a host function call and a register access or two for serial and digital, LEDC's duty
 * update for PWM, a one-shot conversion with calibration for the ADC. [HW: measure on a board]
 */
export const NATIVE_MS = Object.freeze({
  serial: 0.002,
  digital: 0.002,
  pwm: 0.01,
  analog: 0.04,
  /** Time.ticks: esp_timer_get_time and a division. */
  time: 0.001,
  /** A timer's repeat or clear: modTimerAdd or modTimerRemove's list walk. */
  timer: 0.005,
  /**
   * A Preference get, set or delete: nvs_open, the entry's hash lookup, the change and
   * nvs_commit, nvs_close. The flash's own program and erase time is the virtual flash's.
   */
  preference: 0.1,
});

/**
 * Getting from an interrupt's posted message or a due timer into the JavaScript callback
 * (modMessageService, xsBeginHost, the call): an estimate. [HW: measure on a board]
 */
const DISPATCH_MS = 0.02;

/** xsnap-worker's metering hook: sets the meter's limit and count, and returns the count it had. */
type ResetMeter = (limit: number, count: number) => number;
/**
 * Looked up once: a free name is a global lookup in XS on every use, and the meter is read two
 * dozen times a control tick. Undefined outside xsnap (Node's unit tests).
 */
const resetMeter = (globalThis as { resetMeter?: ResetMeter }).resetMeter;

/**
 * XS's meter is read by taking what it counted since the last read, which zeroes it
 * (resetMeter(0, 0)); the reader sums the takes here. endMeteredRequest puts the sum back
 * before the request returns, so xsnap-worker reports the request's computrons as before.
 */
const taken = { units: 0 };

/** At the start of a request: xsnap-worker has just zeroed the meter. */
export function beginMeteredRequest(): void {
  taken.units = 0;
}

/** Before a request returns: the meter holds everything the request counted. */
export function endMeteredRequest(): void {
  if (!resetMeter) return;
  resetMeter(0, taken.units + resetMeter(0, 0));
}

/** The cost model inside xsnap-worker, scaled by `factor` (1: the estimate above). */
export function xsCpuCost(factor: number): CpuCost {
  if (!resetMeter) throw new Error("this XS engine has no meter: the firmware cannot be charged");
  return {
    takeMeter: resetMeter,
    taken,
    msPerUnit: (NS_PER_COMPUTRON * factor) / 1e6,
    dispatchMs: DISPATCH_MS * factor,
  };
}
