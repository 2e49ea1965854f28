import { angleForPulse } from "../../../../../firmware/servo/calibration";
import type { ServoCalibration } from "../../../../../firmware/board/config";

/** Infinity, read once: XS looks a global up at every use, and a moving servo steps every period. */
export const UNLIMITED = Infinity;

/** A hobby servo's dead band: pulse changes smaller than this do not move it. */
const DEADBAND_US = 3;
/** Current with no pulses: the servo's electronics only. */
const IDLE_AMPS = 0.01;
const HOLD_AMPS = 0.02;
const HOLD_AMPS_PER_LOAD = 0.08;
const MOVE_AMPS = 0.2;
const MOVE_AMPS_PER_LOAD = 0.2;
/** An MG996R-class servo held off its target draws about this much. */
const STALL_AMPS = 2.5;

/**
 * One servo as the model's physics sees it: it slews toward the angle its pulse asks for at its
 * own speed, slower under load, ignores changes inside its dead band, and draws current for it.
 * A jammed one cannot move and draws its stall current while its target is out of reach.
 */
export class ServoModel {
  // angle and amps first: the world reads them every step, and XS walks an object's properties in order.
  angle: number;
  amps = IDLE_AMPS;
  jammed = false;
  /**
   * The pulse, load and jam a step last found the servo at rest with (holding, stalled or
   * unpowered): the same again cannot move it or change its current. NaN: not at rest. The
   * world reads them to pass over a servo at rest without calling it.
   */
  restPulseUs = NaN;
  restLoad = NaN;
  restJammed = false;
  /** The pulse of the last step and the angle it asks for: a held pulse is worked out once. */
  private lastPulseUs = -1;
  private lastTarget = NaN;
  /** Units (degrees, or mm for the feed) per microsecond of pulse. */
  private readonly unitsPerUs: number;
  /** Errors smaller than this are inside the dead band, in the servo's units. */
  private readonly deadband: number;

  constructor(
    readonly calibration: ServoCalibration,
    /** Speed with no load, in the servo's units per second. */
    private readonly noLoadSpeed: number,
  ) {
    this.angle = calibration.home;
    this.unitsPerUs =
      Math.abs(calibration.maxAngle - calibration.minAngle) / Math.abs(calibration.maxUs - calibration.minUs);
    this.deadband = DEADBAND_US * this.unitsPerUs;
  }

  /** Whether the last step left it where it is: at rest on its pulse, or unable to move. */
  get atRest(): boolean {
    return this.restPulseUs === this.restPulseUs;
  }

  /** The angle the pulse asks for, or NaN without pulses. */
  target(pulseUs: number): number {
    if (pulseUs !== this.lastPulseUs) {
      this.lastPulseUs = pulseUs;
      this.lastTarget = pulseUs > 0 ? angleForPulse(this.calibration, pulseUs) : NaN;
    }
    return this.lastTarget;
  }

  /**
   * Moves for `dt` seconds toward the pulse's target at most `limit` units per second (a
   * mechanism may hold it back, as the regolith does the drill's feed). Load is 0..1. Returns
   * whether it moved.
   */
  step(dt: number, pulseUs: number, load: number, limit = UNLIMITED): boolean {
    if (pulseUs === this.restPulseUs && load === this.restLoad && this.jammed === this.restJammed) return false;
    const target = this.target(pulseUs);
    if (target !== target) {
      this.amps = IDLE_AMPS;
      return this.rest(pulseUs, load);
    }
    const error = target - this.angle;
    if ((error < 0 ? -error : error) <= this.deadband) {
      this.amps = HOLD_AMPS + HOLD_AMPS_PER_LOAD * load;
      return this.rest(pulseUs, load);
    }
    if (this.jammed) {
      this.amps = STALL_AMPS;
      return this.rest(pulseUs, load);
    }
    this.restPulseUs = NaN;
    let speed = this.noLoadSpeed * (1 - 0.5 * load);
    if (speed > limit) speed = limit;
    const travel = speed * dt;
    this.angle = (error < 0 ? -error : error) <= travel ? target : this.angle + (error > 0 ? travel : -travel);
    this.amps = MOVE_AMPS + MOVE_AMPS_PER_LOAD * load;
    return true;
  }

  private rest(pulseUs: number, load: number): false {
    this.restPulseUs = pulseUs;
    this.restLoad = load;
    this.restJammed = this.jammed;
    return false;
  }
}
