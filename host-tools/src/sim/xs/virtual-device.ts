import type {
  AnalogInput,
  DeviceProvider,
  DigitalPin,
  PwmOutput,
  SerialPort,
} from "../../../../firmware/platform/host";
import { SeededRandom } from "./random";
import type { VirtualClock } from "./virtual-clock";
import { VirtualUart } from "./virtual-uart";

/** GPIO numbers the ESP32 family uses stay below this. */
const PIN_COUNT = 64;

/** Input levels and analog readings the host sets; outputs the firmware wrote, in order. */
export class BoardState {
  readonly inputs = new Map<number, 0 | 1>();
  /** Analog readings the host set by hand; they win over the physics model's. */
  readonly analog = new Map<number, number>();
  /** Flat records: time, pin, value. Drained by the host after each advance. */
  pwm: number[] = [];
  digital: number[] = [];
  /** The link's UART and wire; made when the firmware opens its serial port, kept across resets. */
  uart: VirtualUart | undefined;
  /** A debug build: Moddable's debugger_uart.c holds UART0 for xsbug. */
  debuggerOwnsUart0 = false;
  /** Off while probing allocation: the trace's own pushes would be counted as the firmware's. */
  recording = true;
  /** The latest duty, frequency and resolution of every PWM pin, and level of every output, kept without allocating. */
  readonly duty = new Float64Array(PIN_COUNT);
  readonly hz = new Float64Array(PIN_COUNT);
  readonly resolution = new Uint8Array(PIN_COUNT);
  readonly levels = new Uint8Array(PIN_COUNT);
  readonly claimed = new Set<number>();
  /** Brings the physics up to now before an output changes or an input is read. */
  sync: (() => void) | undefined;
  /** Analog readings from the physics model (undefined: nothing wired to that pin). */
  analogSource: ((pin: number) => number | undefined) | undefined;

  /** Pulse width in µs a PWM pin is sending now; 0 when it sends none. */
  pulseUs(pin: number): number {
    const hz = this.hz[pin];
    if (!(hz > 0)) return 0;
    return (this.duty[pin] * 1_000_000) / (hz * ((1 << this.resolution[pin]) - 1));
  }

  level(pin: number): 0 | 1 {
    return this.levels[pin] === 1 ? 1 : 0;
  }

  /** A chip reset: every pin goes back to an unconfigured input, so the servos get no pulses. */
  releaseAll(): void {
    this.sync?.();
    this.claimed.clear();
    this.duty.fill(0);
    this.hz.fill(0);
    this.resolution.fill(0);
    this.levels.fill(0);
  }
}

/** UART_NUM_MAX on the ESP32 and the S3. [HW] */
const UART_COUNT = 3;

/** The ESP32's ADC resolution as Moddable reports it. */
const ANALOG_RESOLUTION = 12;

/** Gives the board its link UART at the given baud (once; it survives resets, as the wire does). */
export function attachUart(state: BoardState, clock: VirtualClock, baud: number, random: SeededRandom): VirtualUart {
  if (!state.uart) {
    state.uart = new VirtualUart(baud, clock, random);
    clock.addDevice(state.uart);
  }
  return state.uart;
}

/**
 * An ECMA-419 host provider shaped like the `device` export of `embedded:provider/builtin` on
 * the ESP32, backed by BoardState instead of pins. Like the real one it refuses a pin that is
 * already open.
 */
export function createVirtualDevice(
  state: BoardState,
  clock: VirtualClock,
  pins: { readonly [name: string]: number },
): DeviceProvider {
  const claim = (pin: number): void => {
    if (state.claimed.has(pin)) throw new Error(`pin ${pin} in use`);
    state.claimed.add(pin);
  };

  class PWM implements PwmOutput {
    readonly pin: number;
    readonly hz: number;
    readonly resolution: number;
    constructor(options: { pin: number; hz?: number; resolution?: number }) {
      claim(options.pin);
      this.pin = options.pin;
      this.hz = options.hz ?? 1024;
      this.resolution = options.resolution ?? 10;
    }
    write(value: number): void {
      if (!(value >= 0 && value <= (1 << this.resolution) - 1)) throw new RangeError(`pwm ${this.pin}: duty ${value}`);
      state.sync?.();
      state.duty[this.pin] = value;
      state.hz[this.pin] = this.hz;
      state.resolution[this.pin] = this.resolution;
      if (state.recording) state.pwm.push(clock.ticks, this.pin, value);
    }
  }

  class Digital implements DigitalPin {
    static readonly Input = 0;
    static readonly InputPullUp = 1;
    static readonly InputPullDown = 2;
    static readonly InputPullUpDown = 3;
    static readonly Output = 8;
    static readonly OutputOpenDrain = 9;
    readonly pin: number;
    private readonly output: boolean;
    constructor(options: { pin: number; mode: number }) {
      claim(options.pin);
      this.pin = options.pin;
      this.output = options.mode >= Digital.Output;
      // An unconnected input reads its pull level, as on the real board.
      if (!this.output && !state.inputs.has(options.pin)) {
        state.inputs.set(options.pin, options.mode === Digital.InputPullUp ? 1 : 0);
      }
    }
    read(): 0 | 1 {
      return state.inputs.get(this.pin) ?? 0;
    }
    write(value: 0 | 1): void {
      if (!this.output) throw new Error(`pin ${this.pin} is an input`);
      state.sync?.();
      state.levels[this.pin] = value;
      if (state.recording) state.digital.push(clock.ticks, this.pin, value);
    }
  }

  class Analog implements AnalogInput {
    readonly resolution = ANALOG_RESOLUTION;
    readonly pin: number;
    constructor(options: { pin: number }) {
      claim(options.pin);
      this.pin = options.pin;
    }
    read(): number {
      const set = state.analog.get(this.pin);
      if (set !== undefined) return set;
      state.sync?.();
      return state.analogSource?.(this.pin) ?? 0;
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
      const uart = this.uart;
      if (uart.available === 0) return undefined;
      if (this.format === "number") return uart.read();
      const bytes = new Uint8Array(uart.available);
      for (let i = 0; i < bytes.length; i++) bytes[i] = uart.read() ?? 0;
      return bytes.buffer;
    }
    write(value: number | ArrayBuffer): void {
      const uart = this.uart;
      if (this.format === "number") {
        if (uart.txFree === 0) throw new Error("output full");
        // xsmcToInteger of anything else, a buffer included, is one byte: 0 for NaN.
        const byte = typeof value === "number" ? value : Number(value);
        uart.write(Number.isFinite(byte) ? Math.trunc(byte) & 0xff : 0);
        return;
      }
      if (typeof value === "number") throw new TypeError("buffer expected");
      const bytes = new Uint8Array(value);
      if (bytes.length > uart.txFree) throw new Error("output full");
      for (let i = 0; i < bytes.length; i++) uart.write(bytes[i]);
    }
  }

  return { io: { PWM, Digital, Analog, Serial }, pin: pins };
}
