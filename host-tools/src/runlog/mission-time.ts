// Lander time from the mission's start: what every line a user reads counts in. The lander's
// clock (its ticks) restarts at 0 when it resets, so a reset continues the count from where it
// stood instead of jumping back (or below zero).

export class MissionTime {
  private originMs: number | undefined;
  private lastMs = -Infinity;
  /** Lander ms lost to resets: each one adds the time its clock had reached. */
  private carriedMs = 0;

  /** The mission started at this lander time (its first Running mode); later starts are ignored. */
  start(landerMs: number): void {
    this.see(landerMs);
    this.originMs ??= landerMs + this.carriedMs;
  }

  get started(): boolean {
    return this.originMs !== undefined;
  }

  /** Ms since the mission started, for a lander time seen now (0 before it started). */
  at(landerMs: number): number {
    this.see(landerMs);
    return this.originMs === undefined ? 0 : landerMs + this.carriedMs - this.originMs;
  }

  private see(landerMs: number): void {
    if (landerMs < this.lastMs) this.carriedMs += this.lastMs - landerMs;
    this.lastMs = landerMs;
  }
}
