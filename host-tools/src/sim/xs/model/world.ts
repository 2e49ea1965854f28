import { JOINT_NAMES, type BoardConfig, type JointName } from "../../../../../firmware/board/config";
import { PWM_PERIOD_MS } from "../physics-link";
import { SeededRandom } from "../random";
import { DrillModel, SURFACE_MM } from "./drill-model";
import { regolithLayers, type Layer } from "./regolith";
import { SampleTracker } from "./samples";
import { Battery, CHARGED_VOLTS } from "./supply";
import { ServoModel } from "./servo-model";

// Read once: in XS a global's name is looked up at every use, and these run every physics step.
const { abs, cos, PI } = Math;

export type { Layer } from "./regolith";
export type ServoName = JointName | "lid" | "flag" | "feed";
export const SERVO_NAMES: readonly ServoName[] = Object.freeze([...JOINT_NAMES, "lid", "flag", "feed"]);

/** What the board's outputs are doing now; the world reads it at each step. */
export interface OutputLevels {
  /** Pulse width in µs being sent on a PWM pin; 0 when it sends none. */
  pulseUs(pin: number): number;
  /** Level last written to a digital output. */
  level(pin: number): 0 | 1;
  /**
   * Changes whenever any output may have changed: while it stays the same, a world at rest
   * stays at rest. Without it the world looks at every servo every step.
   */
  readonly version?: number;
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

/**
 * The longest physics step: one PWM period, the grid the board's outputs change on
 * (physics-link.ts), in which an unloaded servo moves at most 6°.
 */
const STEP_MS = PWM_PERIOD_MS;
/** Arm and lid/flag servos with no load, degrees per second. */
const SERVO_NO_LOAD_DEG_S = 300;
/** Holding a scoopful adds this much load per gram. */
const LOAD_PER_GRAM = 0.01;
const ARM_JOINTS = JOINT_NAMES.length;
/** The lid and flag servos' own loads, which nothing changes. */
const LID_LOAD = 0.1;
const FLAG_LOAD = 0.05;
/** Bits of the world's servos (arm joints, then lid) whose moves decide where the samples go. */
const ARM_AND_LID = (1 << (ARM_JOINTS + 1)) - 1;

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
  private readonly armAngles: number[];
  /** |cos| of the shoulder's angle: how far out the arm reaches, for the load gravity puts on it. */
  private reach: number;
  private firstStep = true;
  /** The arm's joints, then the lid and the flag: every servo the world steps, with its pin and this step's load. */
  private readonly servos: readonly ServoModel[];
  private readonly servoPins: readonly number[];
  private readonly loads: Float64Array;
  /** The scoop's load the arm's loads were worked out for. */
  private loadsHeld = NaN;
  /** The outputs' version with which a step found everything at rest; NaN: something moves. */
  private restVersion = NaN;
  /**
   * Simulation ms the physics has reached (-1 before its first step). A field, not a getter: the
   * clock and the board's physics link read it several times a control tick, and in XS a getter
   * is a call. Only advanceTo moves it.
   */
  timeMs = -1;
  private railAmps = 0;
  private ascender = false;
  // The board's pins, looked up once: the physics steps every control tick.
  private readonly spinPin: number;
  private readonly feedPin: number;
  private readonly ascenderPin: number;
  private readonly ascenderActive: number;
  /** The sense circuits' pins and scales (NaN and 1 where the board has none): the firmware reads them every tick. */
  private readonly loadPin: number;
  private readonly loadAmpsPerVolt: number;
  private readonly batteryPin: number;
  private readonly batteryDivider: number;
  private readonly railPin: number;
  private readonly railAmpsPerVolt: number;

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
    this.armAngles = this.arm.map((servo) => servo.angle);
    this.reach = Math.abs(Math.cos((this.armAngles[0] * Math.PI) / 180));
    this.servos = [...this.arm, this.lid, this.flag];
    this.servoPins = [...JOINT_NAMES.map((name) => board.joints[name].pin), board.lid.pin, board.flag.pin];
    this.loads = new Float64Array(this.servos.length);
    this.loads[ARM_JOINTS] = LID_LOAD;
    this.loads[ARM_JOINTS + 1] = FLAG_LOAD;
    this.spinPin = board.drill.spin.pin;
    this.feedPin = board.drill.feed.pin;
    this.ascenderPin = board.ascender.pin;
    this.ascenderActive = board.ascender.activeLevel;
    const { load } = board.drill;
    const { battery, servoSense } = board;
    this.loadPin = load ? load.pin : NaN;
    this.loadAmpsPerVolt = load ? load.ampsPerVolt : 1;
    this.batteryPin = battery ? battery.pin : NaN;
    this.batteryDivider = battery ? battery.dividerRatio : 1;
    this.railPin = servoSense ? servoSense.pin : NaN;
    this.railAmpsPerVolt = servoSense ? servoSense.ampsPerVolt : 1;
  }

  get supplyVolts(): number {
    return this.battery.volts;
  }

  advanceTo(nowMs: number, outputs: OutputLevels): void {
    if (this.timeMs < 0) this.timeMs = nowMs;
    while (this.timeMs < nowMs) {
      const stepMs = nowMs - this.timeMs > STEP_MS ? STEP_MS : nowMs - this.timeMs;
      this.step(stepMs / 1000, outputs);
      this.timeMs += stepMs;
    }
  }

  /**
   * Volts the sense circuits put on an analog pin now; undefined for a pin with nothing wired
   * to it. The virtual board's ADC turns them into counts, with the chip's range and clipping.
   */
  pinVolts(pin: number): number | undefined {
    if (pin === this.loadPin) return this.drill.amps / this.loadAmpsPerVolt;
    if (pin === this.batteryPin) return this.battery.volts / this.batteryDivider;
    if (pin === this.railPin) return this.railAmps / this.railAmpsPerVolt;
    return undefined;
  }

  jam(servo: ServoName): void {
    this.servo(servo).jammed = true;
    this.restVersion = NaN;
  }

  release(servo: ServoName): void {
    this.servo(servo).jammed = false;
    this.restVersion = NaN;
  }

  seizeDrill(): void {
    this.drill.seized = true;
    this.restVersion = NaN;
  }

  freeDrill(): void {
    this.drill.seized = false;
    this.restVersion = NaN;
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
    // Nothing moves and nothing was changed: only the battery drains.
    if (outputs.version === this.restVersion) {
      this.battery.step(dt, this.drill.amps, this.railAmps);
      return;
    }
    const samples = this.samples;
    const held = samples.heldG * LOAD_PER_GRAM;
    if (held !== this.loadsHeld) this.updateLoads(held);
    const servos = this.servos;
    const pins = this.servoPins;
    const loads = this.loads;
    const angles = this.armAngles;
    let rail = 0;
    let moved = 0;
    let atRest = true;
    // Its length read once: a host call in XS.
    for (let i = 0, count = servos.length; i < count; i++) {
      const servo = servos[i];
      const pulse = outputs.pulseUs(pins[i]);
      const load = loads[i];
      // A servo at rest on the same pulse, load and jam stays as it is: no need to call it.
      if (pulse !== servo.restPulseUs || load !== servo.restLoad || servo.jammed !== servo.restJammed) {
        if (servo.step(dt, pulse, load)) {
          moved |= 1 << i;
          if (i < ARM_JOINTS) angles[i] = servo.angle;
          // Gravity follows the shoulder: its own load from where it was, the rest from where it got to.
          if (i === 0) {
            this.reach = abs(cos((servo.angle * PI) / 180));
            this.updateLoads(held);
          }
        }
        if (servo.restPulseUs !== servo.restPulseUs) atRest = false;
      }
      rail += servo.amps;
    }
    this.railAmps = rail;
    const drill = this.drill;
    drill.step(dt, outputs.pulseUs(this.spinPin), outputs.pulseUs(this.feedPin));
    let tookCore = false;
    if (drill.coreG > 0 && samples.heldG === 0 && samples.atCore(angles, drill.feed.angle)) {
      samples.heldG = drill.takeCore();
      tookCore = true;
    }
    // Where the samples go changes only as the arm or the lid moves, or the scoop is filled.
    if ((moved & ARM_AND_LID) !== 0 || tookCore || this.firstStep) samples.step(angles, this.lid.angle);
    this.firstStep = false;
    this.ascender = outputs.level(this.ascenderPin) === this.ascenderActive;
    this.battery.step(dt, drill.amps, rail);
    this.restVersion = atRest && !tookCore && drill.atRest && outputs.version !== undefined ? outputs.version : NaN;
  }

  /** Gravity's share of each arm joint's load (armLoad), from the reach and what the scoop holds. */
  private updateLoads(held: number): void {
    for (let joint = 0; joint < ARM_JOINTS; joint++) this.loads[joint] = armLoad(joint, this.reach, held);
    this.loadsHeld = held;
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
