// The host's clock when the lander is simulated in this process: the simulator's own time, so
// a reply timeout, a heartbeat or a poll falls at the same lander moment however fast the
// engine runs. LockstepSimulator moves it; nothing else does. When the simulation stops, the
// clock goes on as the wall clock, so what still waits on it (a poll, a reply) ends and finds
// the link gone instead of waiting for a time that never comes.
import { WALL_CLOCK, type HostClock, type HostTimer } from "../link/host-clock";

interface VirtualTimer {
  dueMs: number;
  readonly everyMs: number;
  /** Timers due at one moment fire in the order they were set, as Node's do. */
  readonly order: number;
  /** A timeout for an answer the host awaits (expect). */
  readonly awaitsAnswer: boolean;
  readonly callback: () => void;
  cancelled: boolean;
}

/** One macrotask turn: what a fired timer started (its writes included) runs before the next fires. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class LockstepClock implements HostClock {
  private nowMs: number;
  private made = 0;
  private timers: VirtualTimer[] = [];
  /** Wall time when the simulation stopped and this clock became the wall clock. */
  private releasedAt: number | undefined;

  constructor(
    startMs: number,
    /** Told of each timer set: LockstepSimulator starts its time at the first. */
    private readonly onTimer: () => void = () => undefined,
  ) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.releasedAt === undefined ? this.nowMs : this.nowMs + (WALL_CLOCK.now() - this.releasedAt);
  }

  after(ms: number, callback: () => void): HostTimer {
    if (this.releasedAt !== undefined) return WALL_CLOCK.after(ms, callback);
    return this.add(ms, 0, callback, false);
  }

  expect(ms: number, callback: () => void): HostTimer {
    if (this.releasedAt !== undefined) return WALL_CLOCK.after(ms, callback);
    return this.add(ms, 0, callback, true);
  }

  /** Whether the host awaits an answer: the lander's bytes should reach it as they come. */
  expecting(): boolean {
    return this.timers.some((timer) => timer.awaitsAnswer);
  }

  every(ms: number, callback: () => void): HostTimer {
    if (!(ms > 0)) throw new RangeError(`a repeating timer needs a period above 0, not ${ms}`);
    if (this.releasedAt !== undefined) return WALL_CLOCK.every(ms, callback);
    return this.add(ms, ms, callback, false);
  }

  /** The simulation stopped: every timer set, and every one set from now, runs on the wall clock. */
  release(): void {
    if (this.releasedAt !== undefined) return;
    this.releasedAt = WALL_CLOCK.now();
    for (const timer of this.timers) {
      const { callback } = timer;
      // The handle given out still cancels it: cancel() drops the virtual timer, which the
      // wall timer checks before it calls back.
      const fire = (): void => {
        if (!timer.cancelled) callback();
      };
      if (timer.everyMs > 0) {
        const wall = WALL_CLOCK.every(timer.everyMs, () => (timer.cancelled ? wall.cancel() : fire()));
      } else WALL_CLOCK.after(Math.max(0, timer.dueMs - this.nowMs), fire);
    }
  }

  /** When the next timer is due, or Infinity with none set. */
  nextDueMs(): number {
    let due = Infinity;
    for (const timer of this.timers) if (timer.dueMs < due) due = timer.dueMs;
    return due;
  }

  /** Moves to `toMs`, firing every timer due by then in time order, a turn after each. */
  async advanceTo(toMs: number): Promise<void> {
    for (let timer = this.firstDue(toMs); timer; timer = this.firstDue(toMs)) {
      if (timer.dueMs > this.nowMs) this.nowMs = timer.dueMs;
      if (timer.everyMs > 0) timer.dueMs += timer.everyMs;
      else this.drop(timer);
      timer.callback();
      await turn();
    }
    if (toMs > this.nowMs) this.nowMs = toMs;
  }

  private add(ms: number, everyMs: number, callback: () => void, awaitsAnswer: boolean): HostTimer {
    const timer: VirtualTimer = {
      dueMs: this.nowMs + Math.max(0, ms),
      everyMs,
      order: this.made++,
      awaitsAnswer,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    this.onTimer();
    return { cancel: () => this.drop(timer) };
  }

  private firstDue(toMs: number): VirtualTimer | undefined {
    let first: VirtualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.dueMs > toMs) continue;
      if (!first || timer.dueMs < first.dueMs || (timer.dueMs === first.dueMs && timer.order < first.order))
        first = timer;
    }
    return first;
  }

  private drop(timer: VirtualTimer): void {
    if (timer.cancelled) return;
    if (this.releasedAt !== undefined) {
      timer.cancelled = true;
      return;
    }
    timer.cancelled = true;
    this.timers = this.timers.filter((other) => other !== timer);
  }
}
