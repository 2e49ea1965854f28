import type { VirtualUart } from "./virtual-uart";

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
