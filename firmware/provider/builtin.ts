// The firmware's own `embedded:provider/builtin`, mapped to that name in manifest.json. The
// SDK's provider for the ESP32 (modules/io/host/esp32/provider.js) imports every ECMA-419 IO
// class, I2C, SPI, SMBus, PulseCount and DigitalBank among them, so each one would be linked
// into the firmware. This one hands over only the four classes the lander opens, no more, and
// `satisfies` keeps it in step with what the firmware asks of the device (platform/host.ts).
// The simulator bundles its own stand-in for this module (host-tools/src/sim/xs/platform/).
import Analog from "embedded:io/analog";
import Digital from "embedded:io/digital";
import PWM from "embedded:io/pwm";
import Serial from "embedded:io/serial";
import type { DeviceProvider } from "../platform/host";

/**
 * No named pins: every pin comes from the board file in boards/, as in the SDK's provider.
 * Frozen, as a preloaded module's objects must be for xsl to keep them in flash.
 */
const device = Object.freeze({
  io: Object.freeze({ Analog, Digital, PWM, Serial }),
  pin: Object.freeze({}),
}) satisfies DeviceProvider;
export default device;
