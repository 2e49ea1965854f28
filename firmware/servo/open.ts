import type { BoardConfig } from "../board/config";
import type { DeviceProvider, PwmOutput } from "../platform/host";

/**
 * Opens a servo PWM at the board's frequency and resolution. The options go in as a variable
 * rather than a literal: Moddable's ESP32 PWM accepts `resolution` (up to 14 bits at 50 Hz,
 * about 1.2 µs a step instead of 20 µs at its default 10 bits) but the SDK's typings do not
 * declare it, and mcconfig type-checks against those typings.
 */
export function openServoPwm(device: DeviceProvider, board: BoardConfig, pin: number): PwmOutput {
  const options = { pin, hz: board.pwm.hz, resolution: board.pwm.resolution };
  return new device.io.PWM(options);
}
