import type {
  AnalogInput,
  DeviceProvider,
  DigitalPin,
  PwmOutput,
  SerialPort,
} from "../../../../firmware/platform/host";
import type { VirtualClock } from "./virtual-clock";

/** Input levels and analog readings the host sets; outputs the firmware wrote, in order. */
export class BoardState {
  readonly inputs = new Map<number, 0 | 1>();
  readonly analog = new Map<number, number>();
  /** Flat records: time, pin, value. Drained by the host after each advance. */
  pwm: number[] = [];
  digital: number[] = [];
  /** Bytes the firmware wrote (flat pairs: virtual ms, byte), and bytes waiting for it to read. */
  serialOut: number[] = [];
  readonly serialIn: number[] = [];
  /** The open port's onReadable, called when host bytes arrive, as the UART interrupt would. */
  onSerialReadable: ((bytes: number) => void) | undefined;
  /** Off while probing allocation: the trace's own pushes would be counted as the firmware's. */
  recording = true;
  /** The latest duty of every PWM pin, kept without allocating. */
  readonly duty = new Float64Array(64);
  readonly claimed = new Set<number>();
  readonly pwmHz = new Map<number, number>();
}

/** The ESP32's ADC resolution as Moddable reports it. */
const ANALOG_RESOLUTION = 12;
/** Bytes the virtual UART holds before it drops input, like a real UART's receive FIFO. */
const SERIAL_RX_CAPACITY = 1024;

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
      state.pwmHz.set(options.pin, this.hz);
    }
    write(value: number): void {
      if (!(value >= 0 && value <= (1 << this.resolution) - 1)) throw new RangeError(`pwm ${this.pin}: duty ${value}`);
      state.duty[this.pin] = value;
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
      return state.analog.get(this.pin) ?? 0;
    }
  }

  class Serial implements SerialPort {
    constructor(options: {
      port: number;
      receive: number;
      transmit: number;
      baud: number;
      onReadable?: (this: SerialPort, bytes: number) => void;
    }) {
      claim(options.receive);
      claim(options.transmit);
      const onReadable = options.onReadable;
      if (onReadable) state.onSerialReadable = (bytes) => onReadable.call(this, bytes);
    }
    read(): number | undefined {
      return state.serialIn.shift();
    }
    write(value: number | ArrayBuffer): void {
      const now = clock.ticks;
      if (typeof value === "number") state.serialOut.push(now, value & 0xff);
      else {
        const bytes = new Uint8Array(value);
        for (let i = 0; i < bytes.length; i++) state.serialOut.push(now, bytes[i]);
      }
    }
  }

  return { io: { PWM, Digital, Analog, Serial }, pin: pins };
}

/**
 * Host bytes arriving at the virtual UART; what does not fit in its receive buffer is lost, as
 * on the wire. Returns how many were kept, after telling the firmware they are there.
 */
export function receiveSerial(state: BoardState, bytes: readonly number[]): number {
  let accepted = 0;
  for (const byte of bytes) {
    if (state.serialIn.length >= SERIAL_RX_CAPACITY) break;
    state.serialIn.push(byte & 0xff);
    accepted++;
  }
  if (accepted > 0 && state.onSerialReadable) state.onSerialReadable(state.serialIn.length);
  return accepted;
}
