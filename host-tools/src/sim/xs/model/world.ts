import { JOINT_NAMES, type BoardConfig, type JointName } from "../../../../../firmware/board/config";
import { SeededRandom } from "../random";
import { DrillModel, SURFACE_MM } from "./drill-model";
import { regolithLayers, type Layer } from "./regolith";
import { SampleTracker } from "./samples";
import { Battery, CHARGED_VOLTS } from "./supply";
import { ServoModel } from "./servo-model";

export type { Layer } from "./regolith";
export type ServoName = JointName | "lid" | "flag" | "feed";
export const SERVO_NAMES: readonly ServoName[] = Object.freeze([...JOINT_NAMES, "lid", "flag", "feed"]);

/** What the board's outputs are doing now; the world reads it at each step. */
export interface OutputLevels {
  /** Pulse width in µs being sent on a PWM pin; 0 when it sends none. */
  pulseUs(pin: number): number;
  /** Level last written to a digital output. */
  level(pin: number): 0 | 1;
}

export interface WorldOptions {
  readonly seed: number;
  readonly batteryVolts?: number;
}

export interface WorldSnapshot {
  readonly servos: Record<ServoName, { angle: number; amps: number; jammed: boolean }>;
  readonly drill: { feedMm: number; tipDepthMm: number; rpm: number; amps: number; layer: string; seized: boolean };
  readonly samples: {
    coreInDrillG: number;
    coreMm: number;
    heldG: number;
    containerG: number;
    spilledG: number;
    scoops: number;
  };
  readonly lid: "open" | "closed" | "between";
  readonly flagRaised: boolean;
  readonly ascenderOn: boolean;
  readonly containerSealed: boolean;
  readonly supplyVolts: number;
  readonly servoRailAmps: number;
  readonly batteryUsedMah: number;
  readonly layers: readonly Layer[];
}

/** Physics sub-step: half the 20 ms control period, in which a servo moves at most 3°. */
const STEP_MS = 10;
/** Arm and lid/flag servos with no load, degrees per second. */
const SERVO_NO_LOAD_DEG_S = 300;
/** Holding a scoopful adds this much load per gram. */
const LOAD_PER_GRAM = 0.01;

/**
 * The physical lander model around the board: servos, drill and regolith, samples, battery.
 * The simulated board steps it whenever the firmware changes an output or reads an input, so
 * the firmware always sees the physics of the moment; it never allocates while stepping.
 */
export class World {
  readonly layers: readonly Layer[];
  private readonly arm: ServoModel[];
  private readonly lid: ServoModel;
  private readonly flag: ServoModel;
  private readonly drill: DrillModel;
  private readonly samples: SampleTracker;
  private readonly battery: Battery;
  /** Physical arm angles in JOINT_NAMES order, reused every step. */
  private readonly armAngles = [0, 0, 0, 0];
  private nowMs = -1;
  private railAmps = 0;
  private ascender = false;
  // The board's pins, looked up once: the physics steps a few times every control tick.
  private readonly armPins: readonly number[];
  private readonly lidPin: number;
  private readonly flagPin: number;
  private readonly spinPin: number;
  private readonly feedPin: number;
  private readonly ascenderPin: number;
  private readonly ascenderActive: number;

  constructor(
    private readonly board: BoardConfig,
    options: WorldOptions,
  ) {
    const random = new SeededRandom(options.seed);
    this.layers = regolithLayers(random, board.drill.feed.travelMm);
    this.arm = JOINT_NAMES.map((name) => new ServoModel(board.joints[name], SERVO_NO_LOAD_DEG_S));
    this.lid = new ServoModel(board.lid, SERVO_NO_LOAD_DEG_S);
    this.flag = new ServoModel(board.flag, SERVO_NO_LOAD_DEG_S);
    this.drill = new DrillModel(board.drill, this.layers);
    this.samples = new SampleTracker(board, random);
    this.battery = new Battery(options.batteryVolts ?? CHARGED_VOLTS);
    this.armPins = JOINT_NAMES.map((name) => board.joints[name].pin);
    this.lidPin = board.lid.pin;
    this.flagPin = board.flag.pin;
    this.spinPin = board.drill.spin.pin;
    this.feedPin = board.drill.feed.pin;
    this.ascenderPin = board.ascender.pin;
    this.ascenderActive = board.ascender.activeLevel;
  }

  /** Simulation ms the physics has reached (-1 before its first step). */
  get timeMs(): number {
    return this.nowMs;
  }

  get supplyVolts(): number {
    return this.battery.volts;
  }

  advanceTo(nowMs: number, outputs: OutputLevels): void {
    if (this.nowMs < 0) this.nowMs = nowMs;
    while (this.nowMs < nowMs) {
      const stepMs = nowMs - this.nowMs > STEP_MS ? STEP_MS : nowMs - this.nowMs;
      this.step(stepMs / 1000, outputs);
      this.nowMs += stepMs;
    }
  }

  /**
   * Volts the sense circuits put on an analog pin now; undefined for a pin with nothing wired
   * to it. The virtual board's ADC turns them into counts, with the chip's range and clipping.
   */
  pinVolts(pin: number): number | undefined {
    const { drill, battery, servoSense } = this.board;
    if (drill.load && pin === drill.load.pin) return this.drill.amps / drill.load.ampsPerVolt;
    if (battery && pin === battery.pin) return this.battery.volts / battery.dividerRatio;
    if (servoSense && pin === servoSense.pin) return this.railAmps / servoSense.ampsPerVolt;
    return undefined;
  }

  jam(servo: ServoName): void {
    this.servo(servo).jammed = true;
  }

  release(servo: ServoName): void {
    this.servo(servo).jammed = false;
  }

  seizeDrill(): void {
    this.drill.seized = true;
  }

  freeDrill(): void {
    this.drill.seized = false;
  }

  setBatteryVolts(volts: number): void {
    this.battery.setOpenVolts(volts);
  }

  snapshot(): WorldSnapshot {
    const servos = {} as Record<ServoName, { angle: number; amps: number; jammed: boolean }>;
    for (const name of SERVO_NAMES) {
      const servo = this.servo(name);
      servos[name] = { angle: servo.angle, amps: servo.amps, jammed: servo.jammed };
    }
    const lidClosed = this.samples.lidClosed(this.lid.angle);
    return {
      servos,
      drill: {
        feedMm: this.drill.feed.angle,
        tipDepthMm: this.drill.tipMm,
        rpm: this.drill.rpm,
        amps: this.drill.amps,
        layer: this.drill.feed.angle > SURFACE_MM ? this.drill.layer.name : "above the surface",
        seized: this.drill.seized,
      },
      samples: {
        coreInDrillG: this.drill.coreG,
        coreMm: this.drill.coreMm,
        heldG: this.samples.heldG,
        containerG: this.samples.containerG,
        spilledG: this.samples.spilledG,
        scoops: this.samples.scoops,
      },
      lid: this.samples.lidOpen(this.lid.angle) ? "open" : lidClosed ? "closed" : "between",
      flagRaised: Math.abs(this.flag.angle - this.board.flag.open) <= 10,
      ascenderOn: this.ascender,
      containerSealed: lidClosed && this.samples.containerG > 0,
      supplyVolts: this.battery.volts,
      servoRailAmps: this.railAmps,
      batteryUsedMah: this.battery.usedMah,
      layers: this.layers,
    };
  }

  private servo(name: ServoName): ServoModel {
    if (name === "lid") return this.lid;
    if (name === "flag") return this.flag;
    if (name === "feed") return this.drill.feed;
    return this.arm[JOINT_NAMES.indexOf(name)];
  }

  private step(dt: number, outputs: OutputLevels): void {
    const held = this.samples.heldG * LOAD_PER_GRAM;
    let rail = 0;
    const arm = this.arm;
    const angles = this.armAngles;
    // Gravity follows the shoulder: the shoulder's own load from where it was, the rest from where it got to.
    let reach = Math.abs(Math.cos((angles[0] * Math.PI) / 180));
    for (let i = 0; i < arm.length; i++) {
      const servo = arm[i];
      servo.step(dt, outputs.pulseUs(this.armPins[i]), armLoad(i, reach, held));
      angles[i] = servo.angle;
      rail += servo.amps;
      if (i === 0) reach = Math.abs(Math.cos((angles[0] * Math.PI) / 180));
    }
    this.lid.step(dt, outputs.pulseUs(this.lidPin), 0.1);
    this.flag.step(dt, outputs.pulseUs(this.flagPin), 0.05);
    rail += this.lid.amps + this.flag.amps;
    this.railAmps = rail;
    const drill = this.drill;
    drill.step(dt, outputs.pulseUs(this.spinPin), outputs.pulseUs(this.feedPin));
    const samples = this.samples;
    if (drill.coreG > 0 && samples.heldG === 0 && samples.atCore(angles, drill.feed.angle)) {
      samples.heldG = drill.takeCore();
    }
    samples.step(angles, this.lid.angle);
    this.ascender = outputs.level(this.ascenderPin) === this.ascenderActive;
    this.battery.step(dt, drill.amps, rail);
  }
}

/**
 * Gravity on each joint, 0..1: the shoulder and elbow carry most with the arm held out level
 * (`reach`, |cos| of the shoulder angle), the wrist and scoop little; a full scoop adds to all.
 */
function armLoad(joint: number, reach: number, held: number): number {
  const base = joint === 0 ? 0.3 + 0.4 * reach : joint === 1 ? 0.2 + 0.3 * reach : 0.1;
  const load = base + held;
  return load > 1 ? 1 : load;
}
