import type { BoardConfig } from "../board/config";
import type { LanderControl } from "../lander/lander-control";
import { REFUSAL_LABELS, Refusal } from "../lander/refusal";
import { angleForPulse } from "../servo/calibration";
import {
  ANALOG_MAPPING_QUERY,
  ANALOG_MAPPING_RESPONSE,
  ANALOG_MESSAGE,
  CAPABILITY_QUERY,
  CAPABILITY_RESPONSE,
  DIGITAL_MESSAGE,
  EXTENDED_ANALOG,
  FIRST_MICROSECOND_VALUE,
  FIRMATA_MAJOR,
  FIRMATA_MINOR,
  NONE,
  PIN_STATE_QUERY,
  PIN_STATE_RESPONSE,
  PinMode,
  REPORT_ANALOG,
  REPORT_DIGITAL,
  REPORT_FIRMWARE,
  REPORT_VERSION,
  SAMPLING_INTERVAL,
  SERVO_CONFIG,
  SET_DIGITAL_PIN_VALUE,
  SET_PIN_MODE,
  STRING_DATA,
  SYSTEM_RESET,
} from "../protocol/firmata";
import { FrameWriter } from "../protocol/frame-writer";
import { readUnsigned } from "../protocol/septets";
import { PinRole, PinTable, TELEMETRY_CHANNELS } from "./pin-table";
import type { Transmitter } from "./transmitter";

export const FIRMWARE_NAME = "farside-lander";
export const FIRMWARE_MAJOR = 0;
export const FIRMWARE_MINOR = 2;

/** Firmata's smallest and largest analog sampling interval the lander honours, ms. */
const MIN_SAMPLING_MS = 10;
const MAX_SAMPLING_MS = 16383;
const PORTS = 16;
/** How a Firmata client arms the lander (docs/protocol.md, "Arming"): its bytes, for a user to send. */
const ARM_HINT = "arm: F0 0F 17 00 26 F7";

/**
 * The lander as a Firmata 2.x board: version and firmware name, capabilities, analog mapping,
 * pin state, pin modes, servo writes (through the lander's limits), the ascender LED as a
 * digital output, the e-stop and start inputs as digital reports, and telemetry as analog
 * channels at the client's sampling interval.
 */
export class FirmataServer {
  readonly pins: PinTable;
  private readonly w = new FrameWriter(512);
  private analogReporting = 0;
  /** One bit a port a client asked REPORT_DIGITAL of: the tick looks at none while it is 0. */
  private reportedPorts = 0;
  private readonly lastPortValue = new Int16Array(PORTS);
  private samplingMs = 19;
  private lastAnalogMs = 0;

  constructor(
    private readonly lander: LanderControl,
    private readonly board: BoardConfig,
    private readonly tx: Transmitter,
  ) {
    this.pins = new PinTable(board);
    this.lastPortValue.fill(-1);
  }

  /** What a freshly reset Arduino running StandardFirmata sends unprompted. */
  announce(): void {
    this.sendVersion();
    this.sendFirmwareName();
  }

  /** Forgets every client setting, as StandardFirmata's systemResetCallback does. */
  reset(): void {
    this.analogReporting = 0;
    this.reportedPorts = 0;
    this.lastPortValue.fill(-1);
    this.samplingMs = 19;
    this.pins.resetModes();
  }

  /** A non-sysex message; one this server does not know is ignored, as StandardFirmata does. */
  message(status: number, data1: number, data2: number): void {
    const command = status < 0xf0 ? status & 0xf0 : status;
    const low = status & 0x0f;
    switch (command) {
      case REPORT_VERSION:
        this.sendVersion();
        return;
      case ANALOG_MESSAGE:
        this.analogWrite(low, data1 | (data2 << 7));
        return;
      case DIGITAL_MESSAGE:
        this.digitalPortWrite(low, data1 | ((data2 & 1) << 7));
        return;
      case SET_DIGITAL_PIN_VALUE:
        this.digitalWrite(data1, data2 & 1);
        return;
      case SET_PIN_MODE:
        this.setPinMode(data1, data2);
        return;
      case REPORT_ANALOG:
        if (low < TELEMETRY_CHANNELS.length) {
          if (data1 & 1) this.analogReporting |= 1 << low;
          else this.analogReporting &= ~(1 << low);
        }
        return;
      case REPORT_DIGITAL:
        if (data1 & 1) this.reportedPorts |= 1 << low;
        else this.reportedPorts &= ~(1 << low);
        this.lastPortValue[low] = -1;
        return;
      case SYSTEM_RESET:
        return;
    }
  }

  /** A Firmata sysex; returns false if the command is not one this server knows. */
  sysex(buffer: Uint8Array, length: number): boolean {
    switch (buffer[0]) {
      case REPORT_FIRMWARE:
        this.sendFirmwareName();
        return true;
      case CAPABILITY_QUERY:
        this.sendCapabilities();
        return true;
      case ANALOG_MAPPING_QUERY:
        this.sendAnalogMapping();
        return true;
      case PIN_STATE_QUERY:
        if (length >= 2) this.sendPinState(buffer[1]);
        return true;
      case EXTENDED_ANALOG:
        if (length >= 3) this.analogWrite(buffer[1], readUnsigned(buffer, 2, length - 2 > 4 ? 4 : length - 2));
        return true;
      case SERVO_CONFIG:
        // The board file's calibration is the truth about the servo; a client's pulse range
        // is accepted (johnny-five sends one) but cannot widen the limits.
        return true;
      case SAMPLING_INTERVAL:
        if (length >= 3) {
          const ms = buffer[1] | (buffer[2] << 7);
          this.samplingMs = ms < MIN_SAMPLING_MS ? MIN_SAMPLING_MS : ms > MAX_SAMPLING_MS ? MAX_SAMPLING_MS : ms;
        }
        return true;
    }
    return false;
  }

  /** Sends a line a Firmata client shows to its user (firmata.js emits it as "string"). */
  sendString(text: string): void {
    this.tx.send(this.w.bytes, this.w.sysex(STRING_DATA).text(text).end());
  }

  /** Called after each control tick: digital port changes and due analog reports. */
  tick(nowMs: number): void {
    for (let port = 0; this.reportedPorts >> port !== 0; port++) {
      if ((this.reportedPorts & (1 << port)) === 0) continue;
      const value = this.portValue(port);
      if (value !== this.lastPortValue[port]) {
        this.lastPortValue[port] = value;
        this.tx.send(
          this.w.bytes,
          this.w
            .plain(DIGITAL_MESSAGE | port)
            .u7(value)
            .u7(value >> 7)
            .done(),
        );
      }
    }
    if (this.analogReporting !== 0 && nowMs - this.lastAnalogMs >= this.samplingMs) {
      this.lastAnalogMs = nowMs;
      for (let channel = 0; channel < TELEMETRY_CHANNELS.length; channel++) {
        if ((this.analogReporting & (1 << channel)) === 0) continue;
        const value = this.telemetryValue(channel);
        this.tx.send(
          this.w.bytes,
          this.w
            .plain(ANALOG_MESSAGE | channel)
            .u7(value)
            .u7(value >> 7)
            .done(),
        );
      }
    }
  }

  /** A telemetry channel's value in its wire units, capped to Firmata's 14 bits. */
  telemetryValue(channel: number): number {
    const s = this.lander.status;
    let value = 0;
    if (channel === 0) value = s.depthMm * 10;
    else if (channel === 1) value = s.loadAmps * 1000;
    else if (channel === 2) value = s.batteryVolts * 100;
    else if (channel === 3) value = s.phase;
    value = Math.round(value);
    return value < 0 ? 0 : value > 16383 ? 16383 : value;
  }

  private sendVersion(): void {
    this.tx.send(this.w.bytes, this.w.plain(REPORT_VERSION).u7(FIRMATA_MAJOR).u7(FIRMATA_MINOR).done());
  }

  private sendFirmwareName(): void {
    this.w.sysex(REPORT_FIRMWARE).u7(FIRMWARE_MAJOR).u7(FIRMWARE_MINOR).text(FIRMWARE_NAME);
    this.tx.send(this.w.bytes, this.w.end());
  }

  private sendCapabilities(): void {
    const w = this.w.sysex(CAPABILITY_RESPONSE);
    for (let pin = 0; pin < this.pins.count; pin++) {
      const mode = this.pins.capability(pin);
      if (mode !== PinMode.Unset) w.u7(mode).u7(this.pins.resolution(pin));
      w.u7(NONE);
    }
    this.tx.send(w.bytes, w.end());
  }

  private sendAnalogMapping(): void {
    const w = this.w.sysex(ANALOG_MAPPING_RESPONSE);
    for (let pin = 0; pin < this.pins.count; pin++) {
      w.u7(this.pins.role[pin] === PinRole.Telemetry ? this.pins.index[pin] : NONE);
    }
    this.tx.send(w.bytes, w.end());
  }

  private sendPinState(pin: number): void {
    const w = this.w.sysex(PIN_STATE_RESPONSE).u7(pin);
    if (pin >= this.pins.count) {
      w.u7(PinMode.Unset).u7(0);
    } else {
      w.u7(this.pins.mode[pin]).u14(this.pinState(pin));
    }
    this.tx.send(w.bytes, w.end());
  }

  private pinState(pin: number): number {
    const index = this.pins.index[pin];
    switch (this.pins.role[pin]) {
      case PinRole.Servo: {
        const servo = this.lander.jogServo(index);
        return servo ? Math.round(servo.angle) : 0;
      }
      case PinRole.Output:
        return this.ascenderLevel();
      case PinRole.EStop:
        return this.lander.estopLevel();
      case PinRole.Start:
        return this.lander.startLevel();
      case PinRole.Telemetry:
        return this.telemetryValue(index);
    }
    return 0;
  }

  private setPinMode(pin: number, mode: number): void {
    if (this.pins.supports(pin, mode)) {
      this.pins.mode[pin] = mode;
      return;
    }
    // Asking for the mode a telemetry pin has under its analog number is harmless; anything
    // else a pin cannot do is refused out loud, so a johnny-five user sees why nothing moved.
    if (pin < this.pins.count && this.pins.mode[pin] === mode) return;
    this.sendString(`pin ${pin} cannot be mode ${mode} on the lander`);
  }

  /** A servo write: degrees below 544, microseconds from 544 up, through the joint's limits. */
  private analogWrite(pin: number, value: number): void {
    if (pin >= this.pins.count || this.pins.role[pin] !== PinRole.Servo) {
      this.sendString(`pin ${pin} is not a servo the lander lets you drive`);
      return;
    }
    const servo = this.pins.index[pin];
    const jogged = this.lander.jogServo(servo);
    if (!jogged) return;
    const angle = value >= FIRST_MICROSECOND_VALUE ? angleForPulse(jogged.calibration, value) : value;
    if (!this.lander.jog(servo, angle)) this.sendString(`pin ${pin} refused: ${this.refusal()}`);
  }

  private digitalPortWrite(port: number, bits: number): void {
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      if (pin < this.pins.count && this.pins.role[pin] === PinRole.Output) this.digitalWrite(pin, (bits >> bit) & 1);
    }
  }

  private digitalWrite(pin: number, level: number): void {
    if (pin >= this.pins.count || this.pins.role[pin] !== PinRole.Output) return;
    const on = (level === 1) === (this.board.ascender.activeLevel === 1);
    if (!this.lander.switchAscender(on)) this.sendString(`pin ${pin} refused: ${this.refusal()}`);
  }

  /** Why a write was refused, with the way out when it is arming. */
  private refusal(): string {
    const why = this.lander.handControlRefusal();
    return why === Refusal.NotArmed ? `${REFUSAL_LABELS[why]}; ${ARM_HINT}` : REFUSAL_LABELS[why];
  }

  private ascenderLevel(): number {
    return this.lander.status.ascender === (this.board.ascender.activeLevel === 1) ? 1 : 0;
  }

  private portValue(port: number): number {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      if (pin >= this.pins.count) break;
      const role = this.pins.role[pin];
      let level = 0;
      if (role === PinRole.EStop) level = this.lander.estopLevel();
      else if (role === PinRole.Start) level = this.lander.startLevel();
      else if (role === PinRole.Output) level = this.ascenderLevel();
      value |= level << bit;
    }
    return value;
  }
}
