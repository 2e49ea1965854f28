// Moddable's ESP32 `resetReason` module (build/devices/esp32/modules/resetReason) is plain
// JavaScript and the SDK ships no typings for it: this is its shape, written for farside.
declare module "resetReason" {
  /** `reason` is ESP-IDF's esp_reset_reason_t; `string` its name. */
  export default function getResetReason(): { reason: number; string: string };
}
