import type { DrillConfig } from "../../../../../firmware/board/config";
import { layerAt, type Layer } from "./regolith";
import { ServoModel, UNLIMITED } from "./servo-model";
import { SURFACE_MM } from "../../sample-reach";

// Read once: in XS a global's name is looked up at every use, and these run every physics step.
const { exp } = Math;

export { SURFACE_MM };
/** The feed rack's servo with no load, mm/s. */
const FEED_NO_LOAD_MM_S = 15;
/** Spin speed at which the bit cuts at each layer's full rate. */
const RATED_RPM = 300;
/** The spin motor's time constant, s. */
const SPIN_TAU_S = 0.15;
const ESC_IDLE_AMPS = 0.05;
/** ESCs ignore pulses this close to neutral, so a stop signal's rounding never creeps the motor. */
const ESC_NEUTRAL_US = 25;
const FREE_AMPS = 0.15;
const FREE_AMPS_AT_FULL_SPEED = 0.25;
/** Cutting load per (mm/s of advance × hardness), and pressing load per (mm of lag × hardness). */
const CUT_AMPS = 0.5;
const PRESS_AMPS = 0.4;
const MAX_LAG_MM = 5;
/** Closer than this to its target speed, the spin motor is there: its approach is exponential and never ends by itself. */
const RPM_SETTLED = 0.001;
export const DRILL_STALL_AMPS = 2.5;

/**
 * The coring drill: a spin motor and a feed servo on a rack, working against the regolith. The
 * bit advances no faster than its layer lets it at the speed it is turning; a feed asked to go
 * faster presses the bit, which loads the motor and slows it, and the current the firmware's
 * load sense reads rises until it calls it a stall.
 */
export class DrillModel {
  readonly feed: ServoModel;
  rpm = 0;
  amps = ESC_IDLE_AMPS;
  seized = false;
  /** The deepest the tip has been below the surface since the core was last taken, mm. */
  holeMm = 0;
  coreMm = 0;
  coreG = 0;
  layer: Layer;
  /**
   * The pulses (and seizure) a step last found the drill at rest with: spin at its speed, the
   * feed holding. The same again changes nothing. NaN: not at rest.
   */
  private restSpinUs = NaN;
  private restFeedUs = NaN;
  private restSeized = false;

  constructor(
    private readonly config: DrillConfig,
    private readonly layers: readonly Layer[],
  ) {
    const { pin, minUs, maxUs, inverted, travelMm } = config.feed;
    this.feed = new ServoModel(
      { pin, minUs, maxUs, inverted, minAngle: 0, maxAngle: travelMm, home: 0 },
      FEED_NO_LOAD_MM_S,
    );
    this.layer = layers[0];
  }

  /** Whether the last step found it at rest: the spin at its speed, the feed holding. */
  get atRest(): boolean {
    return this.restSpinUs === this.restSpinUs;
  }

  get tipMm(): number {
    return this.feed.angle > SURFACE_MM ? this.feed.angle - SURFACE_MM : 0;
  }

  step(dt: number, spinPulseUs: number, feedPulseUs: number): void {
    // The feed's jam follows the seizure at every step, so a jam set on the feed from outside (World.jam) ends the rest too.
    if (
      spinPulseUs === this.restSpinUs &&
      feedPulseUs === this.restFeedUs &&
      this.seized === this.restSeized &&
      this.feed.jammed === this.seized
    )
      return;
    const spin = this.config.spin;
    let command =
      spinPulseUs > spin.stopUs + ESC_NEUTRAL_US
        ? ((spinPulseUs - spin.stopUs) / (spin.fullUs - spin.stopUs)) * spin.maxRpm
        : 0;
    if (command > spin.maxRpm) command = spin.maxRpm;
    this.feed.jammed = this.seized;
    if (this.seized) {
      this.rpm = 0;
      const moved = this.feed.step(dt, feedPulseUs, 0);
      this.amps = command > 0 ? DRILL_STALL_AMPS : ESC_IDLE_AMPS;
      this.settle(!moved, spinPulseUs, feedPulseUs);
      return;
    }
    const layer = layerAt(this.layers, this.tipMm);
    this.layer = layer;
    const target = this.feed.target(feedPulseUs);
    const goingDown = target === target && target > this.feed.angle;
    const inGround = this.feed.angle >= SURFACE_MM;
    const speedFactor = this.rpm >= RATED_RPM ? 1 : this.rpm / RATED_RPM;
    const capacity = layer.maxRateMmS * speedFactor;
    const before = this.feed.angle;
    const moved = this.feed.step(dt, feedPulseUs, 0, goingDown && inGround ? capacity : UNLIMITED);
    const advance = (this.feed.angle - before) / dt;
    const tip = this.tipMm;
    if (tip > this.holeMm) {
      this.coreG += (tip - this.holeMm) * layer.gramsPerMm;
      this.coreMm += tip - this.holeMm;
      this.holeMm = tip;
    }
    let lag = goingDown && inGround ? target - this.feed.angle : 0;
    if (lag > MAX_LAG_MM) lag = MAX_LAG_MM;
    const cutting = tip > 0 && advance > 0 ? layer.hardness * CUT_AMPS * advance : 0;
    const pressing = lag > 0 ? layer.hardness * PRESS_AMPS * lag : 0;
    let rpmTarget = command * (1 - (cutting + pressing) / DRILL_STALL_AMPS);
    if (rpmTarget < 0) rpmTarget = 0;
    const rpmError = rpmTarget - this.rpm;
    const rpmSettled = (rpmError < 0 ? -rpmError : rpmError) < RPM_SETTLED;
    this.rpm = rpmSettled ? rpmTarget : this.rpm + rpmError * (1 - exp(-dt / SPIN_TAU_S));
    this.amps =
      command > 0 || this.rpm > 1
        ? FREE_AMPS + (FREE_AMPS_AT_FULL_SPEED * this.rpm) / spin.maxRpm + cutting + pressing
        : ESC_IDLE_AMPS;
    this.settle(!moved && rpmSettled, spinPulseUs, feedPulseUs);
  }

  private settle(atRest: boolean, spinPulseUs: number, feedPulseUs: number): void {
    this.restSpinUs = atRest ? spinPulseUs : NaN;
    this.restFeedUs = feedPulseUs;
    this.restSeized = this.seized;
  }

  /** The arm took the core: the bag is empty and a new hole starts at the surface. */
  takeCore(): number {
    const grams = this.coreG;
    this.coreG = 0;
    this.holeMm = 0;
    return grams;
  }
}
