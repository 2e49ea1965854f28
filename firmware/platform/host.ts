// The seams between the lander and whatever it runs on. Each interface is the subset of a
// Moddable module's shape that farside uses, so the entry point on the ESP32 can pass the
// real module object unchanged and the simulator can pass its virtual one.

import type { ResetReason } from "../protocol/codec";

/** An ECMA-419 PWM output (`embedded:io/pwm`). */
export interface PwmOutput {
  readonly resolution: number;
  readonly hz: number;
  write(value: number): void;
}

/** An ECMA-419 digital pin (`embedded:io/digital`). */
export interface DigitalPin {
  read(): 0 | 1;
  write(value: 0 | 1): void;
}

/** An ECMA-419 analog input (`embedded:io/analog`). */
export interface AnalogInput {
  readonly resolution: number;
  /** Undefined when the ADC read fails (sdk:modules/io/analog/esp32/_analog.c:403-406). */
  read(): number | undefined;
}

/**
 * An ECMA-419 serial port (`embedded:io/serial`). Opened in "number" format, each read()
 * returns one byte (or undefined), so receiving allocates nothing; onReadable says how many
 * bytes are waiting.
 */
export interface SerialPort {
  read(): number | ArrayBuffer | undefined;
  write(value: number | ArrayBuffer): void;
}

export interface PwmConstructor {
  new (options: { pin: number; hz?: number }): PwmOutput;
}

export interface DigitalConstructor {
  readonly Input: number;
  readonly InputPullUp: number;
  readonly InputPullDown: number;
  readonly Output: number;
  /** `initialValue`: the level an output drives from the moment it opens (otherwise low). */
  new (options: { pin: number; mode: number; initialValue?: 0 | 1 }): DigitalPin;
}

export interface AnalogConstructor {
  /** `esp32.attenuation` in dB sets the input range (Moddable's ESP32 Analog; 12 by default). */
  new (options: { pin: number; esp32?: { attenuation?: number } }): AnalogInput;
}

/** What `new device.io.Serial(...)` takes (ECMA-419's serial options as Moddable reads them). */
export interface SerialOptions {
  port: number;
  receive: number;
  transmit: number;
  baud: number;
  format?: "number" | "buffer";
  onReadable?: (this: SerialPort, bytes: number) => void;
  /** Called when the transmit FIFO has emptied after a write, with the room it has. */
  onWritable?: (this: SerialPort, bytes: number) => void;
}

export interface SerialConstructor {
  new (options: SerialOptions): SerialPort;
}

/** The shape of the `device` object exported by `embedded:provider/builtin`. */
export interface DeviceProvider {
  readonly io: {
    readonly PWM: PwmConstructor;
    readonly Digital: DigitalConstructor;
    readonly Analog: AnalogConstructor;
    readonly Serial: SerialConstructor;
  };
  readonly pin: { readonly [name: string]: number };
}

/** Moddable's `timer` module: only the calls the control loop makes. */
export interface TimerService {
  repeat(callback: () => void, interval: number): unknown;
  clear(timer: unknown): void;
}

/** Moddable's `time` module: a millisecond tick counter. */
export interface TickSource {
  readonly ticks: number;
}

/** Moddable's `preference` module: small values that survive a reset. */
export interface KeyValueStore {
  set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void;
  get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined;
  delete(domain: string, key: string): void;
}

/** Everything the lander needs from its platform, handed over in one object. */
export interface Host {
  readonly device: DeviceProvider;
  readonly timer: TimerService;
  readonly time: TickSource;
  readonly store: KeyValueStore;
  /** Why the chip last reset (main.ts maps Moddable's `resetReason` to it). */
  readonly resetReason: ResetReason;
}
