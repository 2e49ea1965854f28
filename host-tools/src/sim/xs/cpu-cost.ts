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

/** xsnap-worker's metering hook: sets the meter and returns what it read. */
declare function resetMeter(limit: number, index: number): number;

/**
 * XS's meter, read in one host call: each read takes what the meter counted since the last and
 * zeroes it, and the sum is kept here. endMeteredRequest puts the sum back before the request
 * returns, so xsnap-worker reports the request's computrons as before.
 */
let meterTotal = 0;

function readXsMeter(): number {
  meterTotal += resetMeter(0, 0);
  return meterTotal;
}

/** At the start of a request: xsnap-worker has just zeroed the meter. */
export function beginMeteredRequest(): void {
  meterTotal = 0;
}

/** Before a request returns: the meter holds everything the request counted. */
export function endMeteredRequest(): void {
  if (typeof resetMeter !== "function") return;
  resetMeter(0, readXsMeter());
}

/** The cost model inside xsnap-worker, scaled by `factor` (1: the estimate above). */
export function xsCpuCost(factor: number): CpuCost {
  if (typeof resetMeter !== "function") throw new Error("this XS engine has no meter: the firmware cannot be charged");
  return { meter: readXsMeter, msPerUnit: (NS_PER_COMPUTRON * factor) / 1e6, dispatchMs: DISPATCH_MS * factor };
}
