import { ResetReason } from "../protocol/codec";

/**
 * ESP-IDF's esp_reset_reason_t, as Moddable's `resetReason` module on the ESP32 returns it: the
 * one place the codes are written down (the simulator's virtual chip produces the same).
 */
export const ESP_RESET_CODES = Object.freeze({
  powerOn: 1,
  /** ESP_RST_EXT: not applicable on the ESP32 and the S3, whose EN button is a power-on reset. */
  external: 2,
  /** esp_restart(): Moddable restarts the chip this way after an uncaught exception. */
  software: 3,
  panic: 4,
  interruptWatchdog: 5,
  taskWatchdog: 6,
  otherWatchdog: 7,
  brownout: 9,
} as const);

/** The chip's reset code mapped to the reasons the lander reports on its link. */
export function resetReasonFromEsp(code: number): ResetReason {
  switch (code) {
    case ESP_RESET_CODES.powerOn:
      return ResetReason.PowerOn;
    case ESP_RESET_CODES.external:
      return ResetReason.External;
    case ESP_RESET_CODES.software:
      return ResetReason.Software;
    case ESP_RESET_CODES.panic:
      return ResetReason.Panic;
    case ESP_RESET_CODES.interruptWatchdog:
    case ESP_RESET_CODES.taskWatchdog:
    case ESP_RESET_CODES.otherWatchdog:
      return ResetReason.Watchdog;
    case ESP_RESET_CODES.brownout:
      return ResetReason.Brownout;
  }
  return ResetReason.Unknown;
}
