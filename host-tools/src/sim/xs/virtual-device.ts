import { ADC_RANGE_MV, type AdcAttenuation } from "../../../../firmware/board/config";
import type {
  AnalogInput,
  DeviceProvider,
  DigitalPin,
  PwmOutput,
  SerialPort,
} from "../../../../firmware/platform/host";
import { CHIPS, DEFAULT_LEDC_CHANNEL_MAP, type ChipId, type ChipPins } from "../../boards/chips";
import { NATIVE_MS } from "./cpu-cost";
import { SeededRandom } from "./random";
import type { VirtualClock } from "./virtual-clock";
import { VirtualUart } from "./virtual-uart";

/** GPIO numbers the ESP32 family uses stay below this. */
const PIN_COUNT = 64;

/** Input levels and analog voltages the host sets; outputs the firmware wrote, in order. */
export class BoardState {
  readonly inputs = new Map<number, 0 | 1>();
  /** Volts at analog pins the host set by hand; they win over the physics model's. */
  readonly analog = new Map<number, number>();
  /** Analog pins whose ADC reads fail (Moddable's read() then returns undefined). */
  readonly analogFailures = new Set<number>();
  /** Flat records: time, pin, value. Drained by the host after each advance. */
  pwm: number[] = [];
  digital: number[] = [];
  /** The link's UART and wire; made when the firmware opens its serial port, kept across resets. */
  uart: VirtualUart | undefined;
  /** A debug build: Moddable's debugger_uart.c holds UART0 for xsbug. */
  debuggerOwnsUart0 = false;
  /** Off while probing allocation: the trace's own pushes would be counted as the firmware's. */
  recording = true;
  /** The latest duty and pulse width (µs) of every PWM pin, and level of every output, kept without allocating. */
  readonly duty = new Float64Array(PIN_COUNT);
  readonly pulse = new Float64Array(PIN_COUNT);
  readonly levels = new Uint8Array(PIN_COUNT);
  readonly claimed = new Set<number>();
  /** Brings the physics up to the world an input read sees now (physics-link.ts). */
  sync: (() => void) | undefined;
  /** Told just before an output changes, while the pins still show what they did. */
  beforeOutputChange: (() => void) | undefined;
  /** Told after the firmware changed an output (a duty, a level, a channel opened or closed). */
  outputsChanged: (() => void) | undefined;
  /** Volts at an analog pin from the physics model (undefined: nothing wired to that pin). */
  analogSource: ((pin: number) => number | undefined) | undefined;

  /** Pulse width in µs a PWM pin is sending now; 0 when it sends none. */
  pulseUs(pin: number): number {
    return this.pulse[pin];
  }

  level(pin: number): 0 | 1 {
    return this.levels[pin] === 1 ? 1 : 0;
  }

  /** A PWM pin's new duty at the channel's frequency and resolution (hz 0: the channel is closed). */
  setPwm(pin: number, duty: number, hz: number, resolution: number): void {
    this.beforeOutputChange?.();
    this.duty[pin] = duty;
    this.pulse[pin] = hz > 0 ? (duty * 1_000_000) / (hz * ((1 << resolution) - 1)) : 0;
    this.outputsChanged?.();
  }

  setLevel(pin: number, level: 0 | 1): void {
    this.beforeOutputChange?.();
    this.levels[pin] = level;
    this.outputsChanged?.();
  }

  /** A chip reset: every pin goes back to an unconfigured input, so the servos get no pulses. */
  releaseAll(): void {
    this.claimed.clear();
    this.beforeOutputChange?.();
    this.duty.fill(0);
    this.pulse.fill(0);
    this.levels.fill(0);
    this.outputsChanged?.();
  }
}

/** Takes of any AppliedOutputs so far: each take's version is unique. */
let outputTakes = 0;

/**
 * The board's outputs as the physics sees them: a copy of BoardState's, taken when a firmware
 * callback returns. On the chip a new LEDC duty is latched at the start of the channel's next
 * PWM period (up to 20 ms later for a 50 Hz servo), so taking writes at the callback's end is
 * no earlier than the chip; and the physics then steps once per callback, not once per write.
 */
export class AppliedOutputs {
  private readonly pulses = new Float64Array(PIN_COUNT);
  private readonly levels = new Uint8Array(PIN_COUNT);
  /** A new number at every take: the world's rest holds only while it stays the same. */
  version = 0;

  take(state: BoardState): void {
    this.version = ++outputTakes;
    this.pulses.set(state.pulse);
    this.levels.set(state.levels);
  }

  pulseUs(pin: number): number {
    return this.pulses[pin];
  }

  level(pin: number): 0 | 1 {
    return this.levels[pin] === 1 ? 1 : 0;
  }
}

// What each driver call costs the chip (cpu-cost.ts), read once: the stand-ins below run a
// dozen times a control tick. They bracket their work with enterNative and leaveNative, and
// leave before they throw, so that an error the firmware catches still ends the bracket.
const { pwm: PWM_MS, digital: DIGITAL_MS, analog: ANALOG_MS, serial: SERIAL_MS } = NATIVE_MS;

/** UART_NUM_MAX on the ESP32 and the S3. [HW] */
const UART_COUNT = 3;

/** The ADC resolution Moddable reports on the ESP32, S3 and C3 (sdk:modules/io/analog/esp32/_analog.c:66-138). */
const ANALOG_RESOLUTION = 12;
const ANALOG_TOP = (1 << ANALOG_RESOLUTION) - 1;
/** Moddable's default attenuation (_analog.c:201). */
const DEFAULT_ATTENUATION: AdcAttenuation = 12;
/**
 * The fastest clock the LEDC can divide down (APB, 80 MHz): a timer cannot make more than this
 * over 2^resolution, and ESP-IDF refuses to configure one that would. [HW]
 */
const LEDC_SOURCE_HZ = 80_000_000;

/**
 * What Moddable's ESP32 Analog returns for a voltage at its pin, calibrated as it is by default:
 * whole calibrated millivolts, which the chip cannot tell apart below the attenuation's minimum,
 * rescaled to counts over the attenuation's maximum and capped at the top count
 * (_analog.c:46-51,417-432). The one place the virtual board turns volts into counts.
 */
export function adcCounts(volts: number, attenuation: AdcAttenuation = DEFAULT_ATTENUATION): number {
  const range = ADC_RANGE_MV[attenuation];
  return countsInRange(volts, range.min, range.max);
}

function countsInRange(volts: number, minMv: number, maxMv: number): number {
  let millivolts = Math.round(volts * 1000);
  if (!(millivolts >= minMv)) millivolts = minMv;
  const counts = Math.trunc((millivolts * ANALOG_TOP) / maxMv);
  return counts > ANALOG_TOP ? ANALOG_TOP : counts;
}

/** ToInt32, which is what XS's xsmcToInteger does to a number (sdk:xs/sources/xsdtoa.c fxNumberToInteger). */
function toInteger(value: unknown): number {
  return Number(value) | 0;
}

/** Moddable's builtinGetPin: a pin must be given and not negative (sdk:modules/io/common/builtinCommon.c:200-213). */
function pinOption(value: unknown): number {
  if (value === undefined) throw new Error("invalid");
  const pin = toInteger(value);
  if (pin < 0) throw new RangeError("negative");
  return pin;
}

/** The only format these IOs take is "number" (builtinCommon.c:168-188); anything else is refused. */
function checkFormat(options: { format?: unknown }): void {
  if ("format" in options && options.format && options.format !== "number") throw new RangeError("invalid format");
}

/** What XS throws when a closed IO object is used: its host data is gone (sdk:xs/sources/xsAPI.c:778-791). */
function closedError(): SyntaxError {
  return new SyntaxError("C: xsGetHostData: invalid host data");
}

/** Gives the board its link UART at the given baud (once; it survives resets, as the wire does). */
export function attachUart(state: BoardState, clock: VirtualClock, baud: number, random: SeededRandom): VirtualUart {
  if (!state.uart) {
    state.uart = new VirtualUart(baud, clock, random);
    clock.addDevice(state.uart);
  }
  return state.uart;
}

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
  const claim = (pin: number): void => {
    if (state.claimed.has(pin)) throw new Error(`pin ${pin} in use`);
    state.claimed.add(pin);
  };
  /** Free LEDC channels, one bit each, and the LEDC timers (sdk:modules/io/pwm/esp32/_pwm.c:44-54). */
  let freeChannels = (options.ledcChannelMap ?? DEFAULT_LEDC_CHANNEL_MAP) & 0xff;
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

  class Analog implements AnalogInput {
    private pin = -1;
    private readonly attenuation: AdcAttenuation = DEFAULT_ATTENUATION;
    /** The attenuation's calibrated range in mV (ADC_RANGE_MV), looked up once. */
    private readonly minMv: number;
    private readonly maxMv: number;

    constructor(options: { pin: number; esp32?: { attenuation?: unknown; calibrated?: unknown }; format?: string }) {
      // The checks and their order are _analog.c:204-263's.
      const pin = pinOption(options.pin);
      if (!isFree(pin)) throw new RangeError("in use");
      let calibrated = true;
      const esp32 = options.esp32;
      if (esp32) {
        if ("calibrated" in esp32) calibrated = Boolean(esp32.calibrated);
        if ("attenuation" in esp32) {
          const db = Number(esp32.attenuation);
          if (db !== 0 && db !== 2.5 && db !== 6 && db !== 12) throw new RangeError("bad attenuation");
          this.attenuation = db as AdcAttenuation;
        }
      }
      if (!chip.adc1.includes(pin) && !chip.adc2.includes(pin)) throw new RangeError("not analog pin");
      checkFormat(options);
      // Raw counts follow the chip's own uncalibrated curve, which nothing here knows.
      if (!calibrated) throw new Error("virtual board: uncalibrated analog reads are not modelled");
      state.claimed.add(pin);
      this.pin = pin;
      const range = ADC_RANGE_MV[this.attenuation];
      this.minMv = range.min;
      this.maxMv = range.max;
    }

    get resolution(): number {
      return ANALOG_RESOLUTION;
    }

    read(): number | undefined {
      clock.enterNative();
      const pin = this.pin;
      if (pin < 0) throw clock.leaveNativeWith(closedError(), ANALOG_MS);
      // A test's fault or bench supply (rare, so the common read skips the lookups).
      let volts: number | undefined;
      if (state.analogFailures.size > 0 && state.analogFailures.has(pin)) {
        // adc_oneshot_read failed: Moddable returns without a result (_analog.c:403-406).
        clock.leaveNative(ANALOG_MS);
        return undefined;
      }
      if (state.analog.size > 0) volts = state.analog.get(pin);
      if (volts === undefined) {
        state.sync?.();
        volts = state.analogSource?.(pin) ?? 0;
      }
      const counts = countsInRange(volts, this.minMv, this.maxMv);
      clock.leaveNative(ANALOG_MS);
      return counts;
    }

    close(): void {
      if (this.pin < 0) return;
      state.claimed.delete(this.pin);
      this.pin = -1;
    }
  }

  /**
   * modules/io/serial/esp32/serial.c: no software buffer, so read() and write() work on the
   * UART's 128-byte FIFOs; "number" format moves one byte per call, "buffer" format whole
   * buffers (a write that does not fit throws and sends nothing).
   */
  class Serial implements SerialPort {
    private readonly uart: VirtualUart;
    private readonly format: "number" | "buffer";
    constructor(options: {
      port: number;
      receive: number;
      transmit: number;
      baud: number;
      format?: "number" | "buffer";
      onReadable?: (this: SerialPort, bytes: number) => void;
      onWritable?: (this: SerialPort, bytes: number) => void;
    }) {
      if (state.debuggerOwnsUart0 && options.port === 0) {
        // A debug build's debugger_uart.c has taken UART0's pins before the app runs.
        throw new Error("in use");
      }
      // serial.c checks both pins are free before anything else.
      if (!isFree(options.transmit) || !isFree(options.receive)) throw new Error("in use");
      claim(options.transmit);
      claim(options.receive);
      if (!(options.port >= 0 && options.port < UART_COUNT)) throw new RangeError("invalid port");
      if (!(options.baud > 0 && options.baud <= 20_000_000)) throw new RangeError("invalid baud");
      const format = options.format ?? "buffer";
      if (format !== "number" && format !== "buffer") throw new RangeError("invalid format");
      this.format = format;
      this.uart = attachUart(state, clock, options.baud, new SeededRandom(0));
      const { onReadable, onWritable } = options;
      this.uart.open(
        onReadable ? (bytes) => onReadable.call(this, bytes) : undefined,
        onWritable ? (bytes) => onWritable.call(this, bytes) : undefined,
      );
    }
    read(): number | ArrayBuffer | undefined {
      clock.enterNative();
      const uart = this.uart;
      let result: number | ArrayBuffer | undefined;
      if (uart.available > 0) {
        if (this.format === "number") result = uart.read();
        else {
          const bytes = new Uint8Array(uart.available);
          for (let i = 0; i < bytes.length; i++) bytes[i] = uart.read() ?? 0;
          result = bytes.buffer;
        }
      }
      clock.leaveNative(SERIAL_MS);
      return result;
    }
    write(value: number | ArrayBuffer): void {
      clock.enterNative();
      const uart = this.uart;
      if (this.format === "number") {
        if (uart.txFree === 0) throw clock.leaveNativeWith(new Error("output full"), SERIAL_MS);
        // xsmcToInteger of anything else, a buffer included, is one byte: 0 for NaN.
        const byte = typeof value === "number" ? value : Number(value);
        uart.write(Number.isFinite(byte) ? Math.trunc(byte) & 0xff : 0);
        clock.leaveNative(SERIAL_MS);
        return;
      }
      if (typeof value === "number") throw clock.leaveNativeWith(new TypeError("buffer expected"), SERIAL_MS);
      const bytes = new Uint8Array(value);
      if (bytes.length > uart.txFree) throw clock.leaveNativeWith(new Error("output full"), SERIAL_MS);
      for (let i = 0; i < bytes.length; i++) uart.write(bytes[i]);
      clock.leaveNative(SERIAL_MS);
    }
  }

  return { io: { PWM, Digital, Analog, Serial }, pin: pins };
}
