// What the virtual board's IO classes share: the driver calls' cost on the chip and the
// argument checks Moddable's builtin IO makes the same way for every kind of pin.
import { NATIVE_MS } from "./cpu-cost";

// What each driver call costs the chip (cpu-cost.ts), read once: the stand-ins (virtual-pwm.ts,
// virtual-digital.ts, virtual-analog.ts, virtual-serial.ts) run a dozen times a control tick. They bracket their work with enterNative and leaveNative, and
// leave before they throw, so that an error the firmware catches still ends the bracket.
export const { pwm: PWM_MS, digital: DIGITAL_MS, analog: ANALOG_MS, serial: SERIAL_MS } = NATIVE_MS;

/** ToInt32, which is what XS's xsmcToInteger does to a number (sdk:xs/sources/xsdtoa.c fxNumberToInteger). */
export function toInteger(value: unknown): number {
  // A number needs no Number(), a global's lookup and a call in XS: every PWM write comes here.
  return typeof value === "number" ? value | 0 : Number(value) | 0;
}

/** Moddable's builtinGetPin: a pin must be given and not negative (sdk:modules/io/common/builtinCommon.c:200-213). */
export function pinOption(value: unknown): number {
  if (value === undefined) throw new Error("invalid");
  const pin = toInteger(value);
  if (pin < 0) throw new RangeError("negative");
  return pin;
}

/** The only format these IOs take is "number" (builtinCommon.c:168-188); anything else is refused. */
export function checkFormat(options: { format?: unknown }): void {
  if ("format" in options && options.format && options.format !== "number") throw new RangeError("invalid format");
}

/** What XS throws when a closed IO object is used: its host data is gone (sdk:xs/sources/xsAPI.c:778-791). */
export function closedError(): SyntaxError {
  return new SyntaxError("C: xsGetHostData: invalid host data");
}
