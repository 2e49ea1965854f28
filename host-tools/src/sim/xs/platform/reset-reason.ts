// Stands in for the ESP32's `resetReason` module in the simulator's bundle. The names are the
// table in the SDK's build/devices/esp32/modules/resetReason/resetReason.js.
import { boundChip } from "./chip";

const REASONS = Object.freeze([
  "Unknown",
  "Power-On",
  "External Pin",
  "Software",
  "Panic",
  "Interrupt WDT",
  "Task WDT",
  "Other WDT",
  "Deep Sleep",
  "Brownout",
  "SDIO",
]);

export default function getResetReason(): { reason: number; string: string } {
  const reason = boundChip().resetCode;
  return { reason, string: REASONS[reason] ?? "Invalid" };
}
