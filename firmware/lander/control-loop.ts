import type { TickSource, TimerService } from "../platform/host";

/** Consecutive late or overlong ticks that count as a watchdog fault. */
const OVERRUN_LIMIT = 3;

/**
 * Calls the lander's tick at a fixed rate and watches its own timing. A tick that runs longer
 * than a period, or that starts more than a period after the previous one ended (something
 * else held the CPU), is an overrun; OVERRUN_LIMIT in a row report a fault, because motion
 * sampled that irregularly is no longer what was planned. Lateness is measured from the
 * previous tick's end so that one long tick counts once, not again as a late start.
 */
export class ControlLoop {
  private timer: unknown;
  private lastEndMs = 0;
  private consecutive = 0;
  /** Overruns since boot, for telemetry. */
  overruns = 0;
  /** The longest tick since boot, ms: the chip's real tick time, for telemetry and the HIL suite. */
  longestMs = 0;
  ticks = 0;

  constructor(
    private readonly timers: TimerService,
    private readonly time: TickSource,
    readonly periodMs: number,
    private readonly onTick: (nowMs: number) => void,
    private readonly onOverrun: (nowMs: number) => void,
  ) {}

  start(): void {
    this.lastEndMs = this.time.ticks;
    this.timer = this.timers.repeat(() => this.run(), this.periodMs);
  }

  stop(): void {
    this.timers.clear(this.timer);
  }

  private run(): void {
    const startMs = this.time.ticks;
    const late = startMs - this.lastEndMs > this.periodMs;
    this.ticks++;
    this.onTick(startMs);
    this.lastEndMs = this.time.ticks;
    const tookMs = this.lastEndMs - startMs;
    if (tookMs > this.longestMs) this.longestMs = tookMs;
    const long = tookMs > this.periodMs;
    if (late || long) {
      this.overruns++;
      this.consecutive++;
      if (this.consecutive >= OVERRUN_LIMIT) {
        this.consecutive = 0;
        this.onOverrun(this.time.ticks);
      }
    } else {
      this.consecutive = 0;
    }
  }
}
