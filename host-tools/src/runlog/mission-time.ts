// Lander time from the mission's start: what every time a user reads counts in (run's lines,
// its bar, the report). The lander's clock (its ticks) restarts at 0 when it resets, so a reset
// continues the count from where it stood instead of jumping back (or below zero).

/**
 * A clock that goes back by more than this is a lander that reset (its clock restarts at boot);
 * anything less is lines arriving slightly out of order, and is not allowed to go back.
 */
export const RESET_BACKSTEP_MS = 1000;

export class MissionTime {
  private originMs: number | undefined;
  private lastRawMs: number | undefined;
  private offsetMs = 0;
  private lastMs = -Infinity;
  /** Where the continuous count stood at each reset of the lander's clock. */
  readonly resetsMs: number[] = [];

  /** The mission started at this lander time (its first Running mode); later starts are ignored. */
  start(landerMs: number): void {
    this.originMs ??= this.continuous(landerMs);
  }

  /** Ms since the mission started, for a lander time seen now (0 before it started). */
  at(landerMs: number): number {
    const ms = this.continuous(landerMs);
    return this.originMs === undefined ? 0 : ms - this.originMs;
  }

  /**
   * The lander's clock made one count that never goes back: after a reset the new clock's
   * readings add to the last the old one showed, so the time of the reset itself (between the
   * lander's last word and its boot) is the only time not counted. Read in arrival order.
   */
  continuous(landerMs: number): number {
    if (this.lastRawMs !== undefined && landerMs < this.lastRawMs - RESET_BACKSTEP_MS) {
      this.offsetMs = this.lastMs;
      this.resetsMs.push(this.lastMs);
    }
    this.lastRawMs = landerMs;
    this.lastMs = Math.max(this.lastMs, this.offsetMs + landerMs);
    return this.lastMs;
  }
}
