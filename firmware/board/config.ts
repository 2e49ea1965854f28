// The board file's shape: what boards/*.json hold and boards/board.schema.json checks.
// Imported by the firmware and by the host tools, so both read a board the same way.
import type { AnalogInput, DeviceProvider } from "../platform/host";
import type { ChipId } from "./chips";

export const JOINT_NAMES = Object.freeze(["shoulder", "elbow", "wrist", "scoop"] as const);
export type JointName = (typeof JOINT_NAMES)[number];

/** A hobby servo: pulse width maps linearly onto the angle range it is allowed to reach. */
export interface ServoCalibration {
  readonly pin: number;
  /** Pulse width at `minAngle` (or at `maxAngle` when inverted), microseconds. */
  readonly minUs: number;
  /** Pulse width at `maxAngle` (or at `minAngle` when inverted), microseconds. */
  readonly maxUs: number;
  /** The joint's limits in degrees: nothing outside them is ever written to the pin. */
  readonly minAngle: number;
  readonly maxAngle: number;
  readonly inverted: boolean;
  readonly home: number;
}

export interface JointConfig extends ServoCalibration {
  /** Degrees per second the servo reaches under the model's load. */
  readonly maxSpeed: number;
  /** Degrees per second squared; keeps the arm from jerking the model. */
  readonly maxAccel: number;
}

export interface DrillConfig {
  /** Continuous-rotation servo or ESC: stopUs holds still, fullUs is full forward speed. */
  readonly spin: { readonly pin: number; readonly stopUs: number; readonly fullUs: number; readonly maxRpm: number };
  /** Positional servo driving the feed rack: minUs is fully raised, maxUs is `travelMm` down. */
  readonly feed: {
    readonly pin: number;
    readonly minUs: number;
    readonly maxUs: number;
    readonly inverted: boolean;
    readonly travelMm: number;
    readonly maxRateMmS: number;
  };
  /** Optional current sense on the spin motor; without it stalls go undetected. */
  readonly load?: {
    readonly pin: number;
    /** Amps per volt at the ADC pin (shunt and amplifier). */
    readonly ampsPerVolt: number;
    readonly stallAmps: number;
  };
  /** Spin speed the feed waits for before it may go down. */
  readonly minFeedRpm: number;
}

export interface PositionServoConfig extends ServoCalibration {
  /** Angle of the closed (lid) or furled (flag) position. */
  readonly closed: number;
  /** Angle of the open (lid) or raised (flag) position. */
  readonly open: number;
}

export interface InputConfig {
  readonly pin: number;
  /** Level that means "pressed" (e-stop: tripped). */
  readonly activeLevel: 0 | 1;
  readonly pull: "up" | "down" | "none";
}

export interface BoardConfig {
  readonly id: string;
  readonly name: string;
  readonly moddable: { readonly platform: string; readonly chip: ChipId };
  readonly pwm: { readonly hz: number; readonly resolution: number };
  readonly link: {
    readonly port: number;
    readonly transmit: number;
    readonly receive: number;
    readonly baud: number;
    /** The GPIO the USB-serial bridge's DTR/RTS auto-program circuit pulls low, where it has one. */
    readonly autoProgramPin?: number;
  };
  readonly joints: { readonly [J in JointName]: JointConfig };
  readonly drill: DrillConfig;
  readonly lid: PositionServoConfig;
  readonly flag: PositionServoConfig;
  readonly ascender: { readonly pin: number; readonly activeLevel: 0 | 1 };
  readonly estop: InputConfig;
  readonly start: InputConfig;
  /** The ADC's attenuation for every analog input, which sets their full scale (adcFullScaleVolts). */
  readonly adc: { readonly attenuation: AdcAttenuation };
  /**
   * Optional supply voltage sense through a divider: `maxVolts` (a full pack) divided by
   * `dividerRatio` must stay inside the ADC's full scale.
   */
  readonly battery?: {
    readonly pin: number;
    readonly dividerRatio: number;
    readonly minVolts: number;
    readonly maxVolts: number;
  };
  /**
   * Optional current sense on the servo supply rail (arm, lid, flag). A jammed servo draws its
   * stall current for as long as it is jammed; more than `jamAmps` for half a second is a fault.
   */
  readonly servoSense?: { readonly pin: number; readonly ampsPerVolt: number; readonly jamAmps: number };
  /** Named arm poses in degrees; must include stow, ready, drill, container, ascender and site1. */
  readonly poses: { readonly [pose: string]: { readonly [J in JointName]: number } };
  readonly notes?: readonly string[];
}

/** The attenuations, in dB, that Moddable's ESP32 Analog accepts. */
export type AdcAttenuation = 0 | 2.5 | 6 | 12;

/**
 * The millivolt range Moddable's ESP32 Analog reads at each attenuation
 * (sdk:modules/io/analog/esp32/_analog.c:46-51). It turns the calibrated millivolts back into
 * counts over `max`, capped at the top count (_analog.c:427-432), so `max` is full scale, and the
 * chip cannot tell levels below `min` apart.
 */
export const ADC_RANGE_MV: { readonly [A in AdcAttenuation]: { readonly min: number; readonly max: number } } =
  Object.freeze({
    0: Object.freeze({ min: 100, max: 950 }),
    2.5: Object.freeze({ min: 100, max: 1250 }),
    6: Object.freeze({ min: 150, max: 1750 }),
    12: Object.freeze({ min: 150, max: 2450 }),
  });

/** Volts at an analog pin that read as the top count on this board. */
export function adcFullScaleVolts(board: BoardConfig): number {
  return ADC_RANGE_MV[board.adc.attenuation].max / 1000;
}

/** Opens an analog input at the board's attenuation, so its readings mean adcFullScaleVolts. */
export function openAnalog(device: DeviceProvider, board: BoardConfig, pin: number): AnalogInput {
  return new device.io.Analog({ pin, esp32: { attenuation: board.adc.attenuation } });
}

/** Volts at the pin, or undefined when the ADC read failed and there is no sample this time. */
export function analogVolts(input: AnalogInput, fullScaleVolts: number): number | undefined {
  const reading = input.read();
  if (reading === undefined) return undefined;
  return (reading / ((1 << input.resolution) - 1)) * fullScaleVolts;
}
