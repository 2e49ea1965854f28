// The host's sense of time, handed to whatever waits on the lander (replies, heartbeats, polls).
// On a real port it is the wall clock. With an in-process simulator it is the simulator's own
// clock (sim/lockstep-clock.ts), so the host's timeouts and the lander's ticks move together
// and a run comes out the same at any speed.

/** A pending timer; cancel() is safe to call twice or after it fired. */
export interface HostTimer {
  cancel(): void;
}

export interface HostClock {
  /** Milliseconds on this clock; only differences mean anything. */
  now(): number;
  /** Calls `callback` once, `ms` from now. */
  after(ms: number, callback: () => void): HostTimer;
  /** Calls `callback` every `ms`; a wall-clock one does not keep the process alive. */
  every(ms: number, callback: () => void): HostTimer;
  /**
   * A timeout for an answer the host awaits: after() on the wall clock; a simulator's clock
   * hands the lander's bytes over as soon as they come while one is set, and in batches at the
   * host's next timer otherwise.
   */
  expect(ms: number, callback: () => void): HostTimer;
}

/** The wall clock: Node's own timers. */
export const WALL_CLOCK: HostClock = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, callback) {
    const timer = setInterval(callback, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
  expect(ms, callback) {
    return WALL_CLOCK.after(ms, callback);
  },
};

/** A pause of `ms` on `clock`. */
export function sleep(clock: HostClock, ms: number): Promise<void> {
  return new Promise((resolve) => void clock.after(ms, resolve));
}
