import { ResetReason } from "../protocol/codec";

/**
 * ESP-IDF's esp_reset_reason_t, as Moddable's `resetReason` module on the ESP32 returns it (the
 * simulator hands over the same codes), mapped to the reasons the lander reports on its link.
 */
export function resetReasonFromEsp(code: number): ResetReason {
  switch (code) {
    case 1: // ESP_RST_POWERON
      return ResetReason.PowerOn;
    case 2: // ESP_RST_EXT: the EN / RESET button
      return ResetReason.External;
    case 3: // ESP_RST_SW: esp_restart()
      return ResetReason.Software;
    case 4: // ESP_RST_PANIC
      return ResetReason.Panic;
    case 5: // ESP_RST_INT_WDT
    case 6: // ESP_RST_TASK_WDT
    case 7: // ESP_RST_WDT
      return ResetReason.Watchdog;
    case 9: // ESP_RST_BROWNOUT
      return ResetReason.Brownout;
  }
  return ResetReason.Unknown;
}
