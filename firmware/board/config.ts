// The board file's shape: what boards/*.json hold and boards/board.schema.json checks.
// Imported by the firmware and by the host tools, so both read a board the same way.

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
    /** Amps per volt at the ADC pin (shunt and amplifier), with a 3.3 V full scale. */
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
  readonly moddable: { readonly platform: string; readonly chip: "esp32" | "esp32s3" | "esp32c3" };
  readonly pwm: { readonly hz: number; readonly resolution: number };
  readonly link: { readonly port: number; readonly transmit: number; readonly receive: number; readonly baud: number };
  readonly joints: { readonly [J in JointName]: JointConfig };
  readonly drill: DrillConfig;
  readonly lid: PositionServoConfig;
  readonly flag: PositionServoConfig;
  readonly ascender: { readonly pin: number; readonly activeLevel: 0 | 1 };
  readonly estop: InputConfig;
  readonly start: InputConfig;
  /** Optional supply voltage sense through a divider. */
  readonly battery?: { readonly pin: number; readonly dividerRatio: number; readonly minVolts: number };
  /**
   * Optional current sense on the servo supply rail (arm, lid, flag). A jammed servo draws its
   * stall current for as long as it is jammed; more than `jamAmps` for half a second is a fault.
   */
  readonly servoSense?: { readonly pin: number; readonly ampsPerVolt: number; readonly jamAmps: number };
  /** Named arm poses in degrees; must include stow, ready, drill, container, ascender and site1. */
  readonly poses: { readonly [pose: string]: { readonly [J in JointName]: number } };
  readonly notes?: readonly string[];
}
