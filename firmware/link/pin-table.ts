import { CHIP_FACTS } from "../board/chips";
import { JOINT_NAMES, type BoardConfig } from "../board/config";
import { HandServo } from "../lander/hand-servos";
import { PinMode } from "../protocol/firmata";

/** What a Firmata pin number stands for on the lander. */
export const enum PinRole {
  None = 0,
  /** A servo the lander lets a client jog, numbered as lander/hand-servos.ts numbers them. */
  Servo = 1,
  /** The ascender's engine LED. */
  Output = 2,
  EStop = 3,
  Start = 4,
  /** A telemetry value reported as an analog channel. */
  Telemetry = 5,
}

/** Telemetry values Firmata clients read as analog channels A0-A3, in this order. */
export const TELEMETRY_CHANNELS = Object.freeze([
  "drill depth (0.1 mm)",
  "drill load (mA)",
  "battery (10 mV)",
  "phase",
]);

/**
 * The lander as a Firmata board: every real GPIO keeps its number, servos and the ascender LED
 * can be driven, the e-stop and start inputs read, and four extra pins after the last GPIO carry
 * telemetry as analog channels. The drill's pins are not offered: only the sequence drives it.
 */
export class PinTable {
  readonly count: number;
  readonly gpioCount: number;
  readonly role: Uint8Array;
  /** Servo number for servo pins, channel for telemetry pins. */
  readonly index: Uint8Array;
  /** Mode a client set, or the default for the pin's role. */
  readonly mode: Uint8Array;

  constructor(board: BoardConfig) {
    this.gpioCount = CHIP_FACTS[board.moddable.chip].gpioCount;
    this.count = this.gpioCount + TELEMETRY_CHANNELS.length;
    this.role = new Uint8Array(this.count);
    this.index = new Uint8Array(this.count);
    this.mode = new Uint8Array(this.count);
    for (let servo = 0; servo < JOINT_NAMES.length; servo++) {
      this.assign(board.joints[JOINT_NAMES[servo]].pin, PinRole.Servo, servo);
    }
    this.assign(board.lid.pin, PinRole.Servo, HandServo.Lid);
    this.assign(board.flag.pin, PinRole.Servo, HandServo.Flag);
    this.assign(board.ascender.pin, PinRole.Output, 0);
    this.assign(board.estop.pin, PinRole.EStop, 0);
    this.assign(board.start.pin, PinRole.Start, 0);
    for (let channel = 0; channel < TELEMETRY_CHANNELS.length; channel++) {
      this.assign(this.gpioCount + channel, PinRole.Telemetry, channel);
    }
    this.resetModes();
  }

  /** The mode each pin starts in, and returns to on a Firmata system reset. */
  resetModes(): void {
    for (let pin = 0; pin < this.count; pin++) this.mode[pin] = this.defaultMode(this.role[pin]);
  }

  /** Whether `mode` makes sense for `pin`; anything else is refused. */
  supports(pin: number, mode: number): boolean {
    if (pin < 0 || pin >= this.count) return false;
    return this.defaultMode(this.role[pin]) === mode && mode !== PinMode.Unset;
  }

  /** The one mode a pin offers in the capability response; its resolution is `resolution(pin)`. */
  capability(pin: number): number {
    return this.defaultMode(this.role[pin]);
  }

  resolution(pin: number): number {
    const role = this.role[pin];
    return role === PinRole.Servo || role === PinRole.Telemetry ? 14 : 1;
  }

  /** The Firmata pin number of a telemetry channel. */
  telemetryPin(channel: number): number {
    return this.gpioCount + channel;
  }

  private defaultMode(role: number): number {
    switch (role) {
      case PinRole.Servo:
        return PinMode.Servo;
      case PinRole.Output:
        return PinMode.Output;
      case PinRole.EStop:
      case PinRole.Start:
        return PinMode.Input;
      case PinRole.Telemetry:
        return PinMode.Analog;
    }
    return PinMode.Unset;
  }

  private assign(pin: number, role: PinRole, index: number): void {
    if (pin < 0 || pin >= this.count) return;
    this.role[pin] = role;
    this.index[pin] = index;
  }
}
