import {
  adcFullScaleVolts,
  analogVolts,
  openAnalog,
  type BoardConfig,
  type DrillConfig,
  type ServoCalibration,
} from "../board/config";
import type { AnalogInput, DeviceProvider } from "../platform/host";
import { Easing } from "../servo/easing";
import { MotionProfile } from "../servo/motion";
import { openServoPwm } from "../servo/open";
import { ServoChannel } from "../servo/servo";

export const enum DrillState {
  Idle = 0,
  Feeding = 1,
  BackingOff = 2,
  Pausing = 3,
  Stalled = 4,
}

/** How long the load must stay over the stall threshold before it counts as a stall. */
const STALL_CONFIRM_MS = 200;
/** How far the feed backs off after a stall, so the bit can clear. */
const BACKOFF_MM = 4;
const BACKOFF_PAUSE_MS = 500;
/** Each retry feeds at this fraction of the previous rate. */
const RETRY_SLOWDOWN = 0.5;
const MAX_RETRIES = 3;
/**
 * How often a stopped drill's load is read: then it is only reported, and each read is an ADC
 * conversion inside a control tick. `farside run` asks for telemetry no more often.
 */
const STOPPED_LOAD_READ_MS = 200;
/** Before the first load read: any time is STOPPED_LOAD_READ_MS after it. */
const NEVER_READ = -Infinity;

/**
 * The coring drill: a spin motor and a feed servo on a rack. Depth is estimated from the
 * commanded feed position. With a load input, a stall (current over the threshold while
 * feeding down) backs off, pauses, and retries slower; after MAX_RETRIES it latches a fault.
 */
export class Drill {
  readonly spin: ServoChannel;
  readonly feed: ServoChannel;
  private readonly spinProfile: MotionProfile;
  private readonly feedProfile: MotionProfile;
  private readonly loadInput: AnalogInput | undefined;
  private readonly config: DrillConfig;
  private readonly adcFullScaleVolts: number;
  state = DrillState.Idle;
  /** Latest measured spin-motor current in amps (0 without a load input). */
  loadAmps = 0;
  retries = 0;
  private targetMm = 0;
  private rateMmS = 0;
  private overSinceMs = -1;
  private pauseUntilMs = 0;
  /** When the load was last read; long ago until the first read. */
  private loadReadAtMs = NEVER_READ;

  constructor(device: DeviceProvider, board: BoardConfig) {
    const config = board.drill;
    this.config = config;
    const spinCal: ServoCalibration = {
      pin: config.spin.pin,
      minUs: config.spin.stopUs,
      maxUs: config.spin.fullUs,
      minAngle: 0,
      maxAngle: config.spin.maxRpm,
      inverted: false,
      home: 0,
    };
    const feedCal: ServoCalibration = {
      pin: config.feed.pin,
      minUs: config.feed.minUs,
      maxUs: config.feed.maxUs,
      minAngle: 0,
      maxAngle: config.feed.travelMm,
      inverted: config.feed.inverted,
      home: 0,
    };
    this.spin = new ServoChannel(openServoPwm(device, board, config.spin.pin), spinCal);
    this.feed = new ServoChannel(openServoPwm(device, board, config.feed.pin), feedCal);
    // Spin ramps to full speed in one second; the feed moves at whatever rate is asked.
    this.spinProfile = new MotionProfile(config.spin.maxRpm, config.spin.maxRpm * 1000, 0);
    this.feedProfile = new MotionProfile(config.feed.maxRateMmS, config.feed.maxRateMmS * 1000, 0);
    this.loadInput = config.load ? openAnalog(device, board, config.load.pin) : undefined;
    this.adcFullScaleVolts = adcFullScaleVolts(board);
  }

  get depthMm(): number {
    return this.feed.angle;
  }

  get rpm(): number {
    return this.spin.angle;
  }

  get travelMm(): number {
    return this.config.feed.travelMm;
  }

  isRaised(): boolean {
    return this.feed.angle <= 0;
  }

  /** True once the feed has reached its target and no stall handling is under way. */
  isIdle(nowMs: number): boolean {
    return this.state === DrillState.Idle && this.feedProfile.isDone(nowMs) && this.spinProfile.isDone(nowMs);
  }

  setSpin(rpm: number, nowMs: number): void {
    this.spinProfile.moveTo(rpm, nowMs, 0, Easing.Linear);
  }

  /** Cuts the spin motor at once: no ramp down. */
  stopSpin(): void {
    this.spinProfile.reset(0);
  }

  /**
   * Feeds to a depth at a rate. Going down needs the bit spinning at minFeedRpm; returns false
   * (and does nothing) otherwise, or for a depth beyond the drill's travel.
   */
  feedTo(depthMm: number, rateMmS: number, nowMs: number): boolean {
    if (!(depthMm >= 0 && depthMm <= this.config.feed.travelMm)) return false;
    if (!(rateMmS > 0)) return false;
    const down = depthMm > this.feedProfile.sample(nowMs);
    if (down && this.spinProfile.target < this.config.minFeedRpm) return false;
    const rate = rateMmS > this.config.feed.maxRateMmS ? this.config.feed.maxRateMmS : rateMmS;
    this.targetMm = depthMm;
    this.rateMmS = rate;
    this.retries = 0;
    this.overSinceMs = -1;
    this.startFeed(depthMm, rate, nowMs);
    this.state = DrillState.Feeding;
    return true;
  }

  /** Raises the bit at full feed rate; the spin keeps turning to clear the hole. */
  retract(nowMs: number): void {
    // Up from the depth last written, not from where the feed would have got to by now.
    this.feedProfile.reset(this.feed.angle);
    this.targetMm = 0;
    this.rateMmS = this.config.feed.maxRateMmS;
    this.startFeed(0, this.rateMmS, nowMs);
    this.state = DrillState.Feeding;
  }

  /** Stops the feed at the depth last written (Arm.hold says why). */
  holdFeed(): void {
    this.feedProfile.reset(this.feed.angle);
    if (this.state !== DrillState.Stalled) this.state = DrillState.Idle;
  }

  /** Where the feed starts after a reset, from the checkpoint; the bit is raised from there. */
  resetFeed(depthMm: number): void {
    const depth = depthMm < 0 ? 0 : depthMm > this.config.feed.travelMm ? this.config.feed.travelMm : depthMm;
    this.feedProfile.reset(depth);
    this.state = DrillState.Idle;
  }

  /** Clears a latched stall so the safe state can raise the bit. */
  clearStall(): void {
    if (this.state === DrillState.Stalled) this.state = DrillState.Idle;
    this.retries = 0;
  }

  tick(nowMs: number): void {
    // Turning or feeding, the load is watched every tick for a stall; stopped, it is only reported.
    if (this.state !== DrillState.Idle || this.spin.angle > 0 || nowMs - this.loadReadAtMs >= STOPPED_LOAD_READ_MS) {
      this.readLoad();
      this.loadReadAtMs = nowMs;
    }
    if (this.state === DrillState.Feeding) this.watchForStall(nowMs);
    else if (this.state === DrillState.BackingOff && this.feedProfile.isDone(nowMs)) {
      this.state = DrillState.Pausing;
      this.pauseUntilMs = nowMs + BACKOFF_PAUSE_MS;
    } else if (this.state === DrillState.Pausing && nowMs >= this.pauseUntilMs) {
      this.rateMmS *= RETRY_SLOWDOWN;
      this.startFeed(this.targetMm, this.rateMmS, nowMs);
      this.state = DrillState.Feeding;
    }
    this.spin.write(this.spinProfile.sample(nowMs));
    this.feed.write(this.feedProfile.sample(nowMs));
  }

  private startFeed(depthMm: number, rateMmS: number, nowMs: number): void {
    const distance = Math.abs(depthMm - this.feedProfile.sample(nowMs));
    this.feedProfile.moveTo(depthMm, nowMs, (distance / rateMmS) * 1000, Easing.Linear);
  }

  /** Reads the load now, as a check before a start must: the amps, or the last reading if the read failed. */
  measureLoad(): number {
    this.readLoad();
    return this.loadAmps;
  }

  private readLoad(): void {
    const load = this.config.load;
    if (!load || !this.loadInput) return;
    const volts = analogVolts(this.loadInput, this.adcFullScaleVolts);
    // A failed read is no sample: keeping the last one neither starts nor ends a stall.
    if (volts === undefined) return;
    this.loadAmps = volts * load.ampsPerVolt;
  }

  private watchForStall(nowMs: number): void {
    if (this.feedProfile.isDone(nowMs)) {
      this.state = DrillState.Idle;
      return;
    }
    const load = this.config.load;
    const goingDown = this.feedProfile.target > this.feedProfile.sample(nowMs - 1);
    if (!load || !goingDown || this.loadAmps < load.stallAmps) {
      this.overSinceMs = -1;
      return;
    }
    if (this.overSinceMs < 0) this.overSinceMs = nowMs;
    if (nowMs - this.overSinceMs < STALL_CONFIRM_MS) return;
    this.overSinceMs = -1;
    this.retries++;
    if (this.retries > MAX_RETRIES) {
      this.feedProfile.hold(nowMs);
      this.state = DrillState.Stalled;
      return;
    }
    const here = this.feedProfile.sample(nowMs);
    const backTo = here > BACKOFF_MM ? here - BACKOFF_MM : 0;
    this.feedProfile.moveTo(backTo, nowMs, (BACKOFF_MM / this.config.feed.maxRateMmS) * 1000, Easing.Linear);
    this.state = DrillState.BackingOff;
  }
}
