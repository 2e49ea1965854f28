import type { PwmOutput } from "../../../../firmware/platform/host";
import { DEFAULT_LEDC_CHANNEL_MAP, type ChipPins } from "../../boards/chips";
import type { BoardState } from "./board-state";
import { PWM_MS, checkFormat, closedError, pinOption, toInteger } from "./io-common";
import type { VirtualClock } from "./virtual-clock";

/**
 * The fastest clock the LEDC can divide down (APB, 80 MHz): a timer cannot make more than this
 * over 2^resolution, and ESP-IDF refuses to configure one that would. [HW]
 */
const LEDC_SOURCE_HZ = 80_000_000;

/**
 * The `PWM` class of the virtual board's `device.io` (virtual-device.ts), with its own LEDC
 * channel and timer tables: made afresh at each boot, as the SDK's static tables are.
 */
export function createPwmClass(
  state: BoardState,
  clock: VirtualClock,
  chip: ChipPins,
  isFree: (pin: number) => boolean,
  ledcChannelMap: number | undefined,
) {
  /** Free LEDC channels, one bit each, and the LEDC timers (sdk:modules/io/pwm/esp32/_pwm.c:44-54). */
  let freeChannels = (ledcChannelMap ?? DEFAULT_LEDC_CHANNEL_MAP) & 0xff;
  const timers = Array.from({ length: chip.ledcTimers }, () => ({ useCount: 0, hz: 0, resolution: 0 }));

  class PWM implements PwmOutput {
    private open: { readonly pin: number; readonly channel: number; readonly timer: number } | undefined;

    constructor(options: { pin: number; hz?: number; resolution?: number; port?: number; format?: string }) {
      // The checks and their order are _pwm.c:111-201's.
      const pin = pinOption(options.pin);
      if (!isFree(pin)) throw new Error("in use");
      let channel = -1;
      if ("port" in options) {
        channel = toInteger(options.port);
        if (channel < 0 || channel >= chip.ledcChannels) throw new RangeError("invalid port");
        if (!(freeChannels & (1 << channel))) throw new Error("port unavailable");
      }
      let hz = 1024;
      let resolution = 10;
      if ("hz" in options) {
        hz = toInteger(options.hz);
        if (hz <= 0) throw new RangeError("invalid hz");
      }
      if ("resolution" in options) {
        resolution = toInteger(options.resolution);
        if (resolution <= 0 || resolution > chip.ledcMaxResolution) throw new RangeError("invalid resolution");
      }
      checkFormat(options);
      // Outside 8..14 bits _pwm.c:84 reads its MIN_HZ table out of bounds: whatever the chip
      // does then, firmware cannot count on it, so the virtual board refuses.
      const minHz = chip.minHzByResolution[resolution - 8];
      if (minHz === undefined || hz < minHz) throw new RangeError("invalid combination of hz and resolution");
      if (channel < 0) {
        for (channel = 0; channel < 8; channel++) if (freeChannels & (1 << channel)) break;
        if (channel === 8) throw new Error("no ledc channel");
      }
      let timer = -1;
      let freeTimer = -1;
      for (let i = 0; i < timers.length; i++) {
        if (!timers[i].useCount) freeTimer = i;
        else if (timers[i].resolution === resolution && timers[i].hz === hz) {
          timer = i;
          break;
        }
      }
      if (timer < 0) {
        if (freeTimer < 0) throw new RangeError("no timer");
        if (hz * 2 ** resolution > LEDC_SOURCE_HZ) throw new Error("configure ledc timer failed");
        timer = freeTimer;
      }
      // ESP-IDF's ledc_channel_config refuses an input-only GPIO and a channel the chip lacks. [HW]
      if (chip.inputOnly.includes(pin) || channel >= chip.ledcChannels) throw new Error("can't configure");
      timers[timer].useCount++;
      timers[timer].hz = hz;
      timers[timer].resolution = resolution;
      freeChannels &= ~(1 << channel);
      state.claimed.add(pin);
      // The channel starts at duty 0: the pin is driven low, no pulses, until the first write.
      state.setPwm(pin, 0, hz, resolution);
      this.open = { pin, channel, timer };
    }

    /** The timer's frequency, a whole number of Hz (_pwm.c:298-303). */
    get hz(): number {
      if (!this.open) throw closedError();
      return timers[this.open.timer].hz;
    }

    get resolution(): number {
      if (!this.open) throw closedError();
      return timers[this.open.timer].resolution;
    }

    write(value: number): void {
      clock.enterNative();
      const open = this.open;
      if (!open) throw clock.leaveNativeWith(closedError(), PWM_MS);
      const duty = toInteger(value);
      const timer = timers[open.timer];
      if (duty < 0 || duty > (1 << timer.resolution) - 1)
        throw clock.leaveNativeWith(new RangeError("invalid value"), PWM_MS);
      if (state.duty[open.pin] !== duty) state.setPwm(open.pin, duty, timer.hz, timer.resolution);
      if (state.recording) state.pwm.push(clock.ticks, open.pin, duty);
      clock.leaveNative(PWM_MS);
    }

    /** Stops the channel low and gives back the channel, the timer share and the pin (_pwm.c:234-281). */
    close(): void {
      const open = this.open;
      if (!open) return;
      this.open = undefined;
      freeChannels |= 1 << open.channel;
      const timer = timers[open.timer];
      if (--timer.useCount === 0) {
        timer.hz = 0;
        timer.resolution = 0;
      }
      state.claimed.delete(open.pin);
      state.setPwm(open.pin, 0, 0, 0);
      if (state.recording) state.pwm.push(clock.ticks, open.pin, 0);
    }
  }

  return PWM;
}
