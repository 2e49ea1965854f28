import type { DeviceProvider } from "../../../../firmware/platform/host";
import { CHIPS, type ChipId, type ChipPins } from "../../boards/chips";
import type { BoardState } from "./board-state";
import type { VirtualClock } from "./virtual-clock";
import { createAnalogClass } from "./virtual-analog";
import { createDigitalClass } from "./virtual-digital";
import { createPwmClass } from "./virtual-pwm";
import { createSerialClass } from "./virtual-serial";

export interface VirtualDeviceOptions {
  /** The chip the firmware runs on: which pins exist, which are input-only, which reach an ADC. */
  readonly chip?: ChipId;
  /** MODDEF_PWM_LEDC_CHANNEL_MAP of the firmware's build; the SDK's default when it defines none. */
  readonly ledcChannelMap?: number;
}

/**
 * An ECMA-419 host provider shaped like the `device` export of `embedded:provider/builtin` on
 * the ESP32, backed by BoardState instead of pins. It refuses what Moddable SDK 8.2.3 refuses
 * on the chip, with the same error, so firmware that only works here fails here first. Made
 * afresh at each boot, as the SDK's static LEDC and timer tables are.
 */
export function createVirtualDevice(
  state: BoardState,
  clock: VirtualClock,
  pins: { readonly [name: string]: number },
  options: VirtualDeviceOptions = {},
): DeviceProvider {
  const chip: ChipPins = CHIPS[options.chip ?? "esp32"];
  // A GPIO the chip lacks is never free in the SDK's pin table, so it reads as "in use".
  const isFree = (pin: number): boolean => chip.gpios.includes(pin) && !state.claimed.has(pin);
  // Each class closes over these as parameters of its factory, as it did over this function's
  // locals: a closure read costs XS less than a property read (the tick makes a dozen IO calls).
  const PWM = createPwmClass(state, clock, chip, isFree, options.ledcChannelMap);
  const Digital = createDigitalClass(state, clock, chip);
  const Analog = createAnalogClass(state, clock, chip, isFree);
  const Serial = createSerialClass(state, clock, isFree);

  return { io: { PWM, Digital, Analog, Serial }, pin: pins };
}
