import type { TickSource, TimerService } from "../platform/host";

/** Consecutive late or overlong ticks that count as a watchdog fault. */
const OVERRUN_LIMIT = 3;

/**
 * Calls the lander's tick at a fixed rate and watches its own timing: a tick that starts more
 * than a period late, or runs longer than a period, is an overrun; OVERRUN_LIMIT in a row
 * reports a fault, because motion profiles sampled that late are no longer what was planned.
 */
export class ControlLoop {
  private timer: unknown;
  private expectedMs = 0;
  private consecutive = 0;
  /** Overruns since boot, for telemetry. */
  overruns = 0;
  ticks = 0;

  constructor(
    private readonly timers: TimerService,
    private readonly time: TickSource,
    readonly periodMs: number,
    private readonly onTick: (nowMs: number) => void,
    private readonly onOverrun: (nowMs: number) => void,
  ) {}

  start(): void {
    this.expectedMs = this.time.ticks + this.periodMs;
    this.timer = this.timers.repeat(() => this.run(), this.periodMs);
  }

  stop(): void {
    this.timers.clear(this.timer);
  }

  private run(): void {
    const startMs = this.time.ticks;
    const late = startMs - this.expectedMs > this.periodMs;
    this.expectedMs = late ? startMs + this.periodMs : this.expectedMs + this.periodMs;
    this.ticks++;
    this.onTick(startMs);
    const long = this.time.ticks - startMs > this.periodMs;
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
