import type { TickSource, TimerService } from "../../../../firmware/platform/host";

interface VirtualTimer {
  dueMs: number;
  readonly intervalMs: number;
  readonly callback: () => void;
  cleared: boolean;
}

/**
 * Moddable's `timer` and `time` modules over virtual time. Time moves only when the host calls
 * advance(), so a run is the same however fast or slow the PC is, and a three-minute mission
 * can run in a fraction of a second.
 */
export class VirtualClock implements TimerService, TickSource {
  private nowMs = 0;
  private readonly timers: VirtualTimer[] = [];

  get ticks(): number {
    return this.nowMs;
  }

  repeat(callback: () => void, interval: number): VirtualTimer {
    const timer: VirtualTimer = { dueMs: this.nowMs + interval, intervalMs: interval, callback, cleared: false };
    this.timers.push(timer);
    return timer;
  }

  clear(timer: unknown): void {
    const index = this.timers.indexOf(timer as VirtualTimer);
    if (index >= 0) {
      this.timers[index].cleared = true;
      this.timers.splice(index, 1);
    }
  }

  /**
   * Moves the tick counter without running timers: time spent inside a callback, as a tick
   * that blocks would spend it. Timers that fall due meanwhile run late, on the next advance.
   */
  spend(ms: number): void {
    this.nowMs += ms;
  }

  /** Runs every timer that falls due in the next `ms`, in time order, then stops at now + ms. */
  advance(ms: number): void {
    const endMs = this.nowMs + ms;
    for (;;) {
      // A timer that fell due while a callback spent time runs once, late, and is rescheduled
      // from then, like Moddable's repeating timers: no burst of catch-up calls.
      let next: VirtualTimer | undefined;
      for (let i = 0; i < this.timers.length; i++) {
        const timer = this.timers[i];
        if (timer.dueMs <= endMs && (!next || timer.dueMs < next.dueMs)) next = timer;
      }
      if (!next) break;
      if (next.dueMs > this.nowMs) this.nowMs = next.dueMs;
      next.dueMs = this.nowMs + next.intervalMs;
      next.callback();
    }
    if (endMs > this.nowMs) this.nowMs = endMs;
  }
}
