import type { DigitalPin } from "../../../../firmware/platform/host";
import type { ChipPins } from "../../boards/chips";
import type { BoardState } from "./board-state";
import { DIGITAL_MS, checkFormat, closedError, toInteger } from "./io-common";
import type { VirtualClock } from "./virtual-clock";

/** The `Digital` class of the virtual board's `device.io` (virtual-device.ts). */
export function createDigitalClass(state: BoardState, clock: VirtualClock, chip: ChipPins) {
  class Digital implements DigitalPin {
    static readonly Input = 0;
    static readonly InputPullUp = 1;
    static readonly InputPullDown = 2;
    static readonly InputPullUpDown = 3;
    static readonly Output = 8;
    static readonly OutputOpenDrain = 9;
    private pin = -1;
    private readonly output: boolean;
    private readonly activeLow: 0 | 1;

    constructor(options: {
      pin: number;
      mode: number;
      initialValue?: unknown;
      activeLow?: unknown;
      onReadable?: unknown;
      format?: string;
    }) {
      // The checks and their order are digital.js:24-52's and digitalbank.c:112-181's.
      if (options.pin === undefined) throw new Error("invalid");
      const pin = toInteger(options.pin);
      if (!chip.gpios.includes(pin)) throw new Error("invalid pin");
      if (state.claimed.has(pin)) throw new Error("in use");
      if (options.mode === undefined) throw new Error("invalid");
      const mode = toInteger(options.mode);
      const input = mode >= Digital.Input && mode <= Digital.InputPullUpDown;
      if (!input && mode !== Digital.Output && mode !== Digital.OutputOpenDrain) throw new RangeError("invalid mode");
      this.activeLow = "activeLow" in options && options.activeLow ? 1 : 0;
      let initial: 0 | 1 = 0;
      if (input) {
        if (options.onReadable != null) throw new Error("virtual board: digital onReadable is not modelled");
      } else {
        if (chip.inputOnly.includes(pin)) throw new RangeError("input only");
        if ("initialValue" in options) initial = Number(options.initialValue) ? 1 : 0;
      }
      checkFormat(options);
      state.claimed.add(pin);
      this.pin = pin;
      this.output = !input;
      if (this.output) {
        // Driven from the moment it opens: low unless initialValue says otherwise (digitalbank.c:217).
        this.drive((initial ^ this.activeLow) as 0 | 1);
      } else if (!state.inputs.has(pin)) {
        // An unconnected input reads its pull level, as on the real board.
        state.inputs.set(pin, mode === Digital.InputPullUp ? 1 : 0);
      }
    }

    read(): 0 | 1 {
      clock.enterNative();
      if (this.pin < 0) throw clock.leaveNativeWith(closedError(), DIGITAL_MS);
      if (this.output) throw clock.leaveNativeWith(new Error("can't read output"), DIGITAL_MS);
      const level = ((state.inputs.get(this.pin) ?? 0) ^ this.activeLow) as 0 | 1;
      clock.leaveNative(DIGITAL_MS);
      return level;
    }

    write(value: 0 | 1): void {
      clock.enterNative();
      if (this.pin < 0) throw clock.leaveNativeWith(closedError(), DIGITAL_MS);
      if (!this.output) throw clock.leaveNativeWith(new Error("can't write input"), DIGITAL_MS);
      this.drive(((Number(value) ? 1 : 0) ^ this.activeLow) as 0 | 1);
      clock.leaveNative(DIGITAL_MS);
    }

    close(): void {
      if (this.pin < 0) return;
      state.claimed.delete(this.pin);
      this.pin = -1;
    }

    private drive(level: 0 | 1): void {
      if (state.levels[this.pin] !== level) state.setLevel(this.pin, level);
      if (state.recording) state.digital.push(clock.ticks, this.pin, level);
    }
  }

  return Digital;
}
