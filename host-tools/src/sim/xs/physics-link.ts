import type { OutputLevels } from "./model/world";
import type { VirtualClock } from "./virtual-clock";
import { AppliedOutputs, type BoardState } from "./board-state";

/** What the link needs of the physics model (model/world.ts). */
export interface Physics {
  /** Simulation ms the physics has reached. */
  readonly timeMs: number;
  /** Steps the physics on to `nowMs` with the outputs as they are. */
  advanceTo(nowMs: number, outputs: OutputLevels): void;
}

/**
 * The servo frame: 50 Hz, the rate every PWM output of a board file runs at (servos, the
 * drill's ESC). ESP-IDF's ledc_update_duty latches a new duty at the start of the channel's
 * next period, so what the firmware writes reaches the pins on this grid and no sooner.
 */
export const PWM_PERIOD_MS = 20;

/** Read once: XS looks a global's name up at every use, and an input read comes here. */
const { floor } = Math;

/** The last period boundary at or before `ms`. */
function periodStart(ms: number): number {
  return floor(ms / PWM_PERIOD_MS) * PWM_PERIOD_MS;
}

/**
 * Ties the physics to the board on the PWM period grid. An output the firmware writes takes
 * effect at the next period boundary, as a new LEDC duty does on the chip (a digital level is
 * taken on the same grid: nothing the model drives digitally needs finer timing). Between
 * boundaries the pins do not change, so the physics steps once a period, from boundary to
 * boundary, and an input read sees the world as it was at the period's start: never sooner
 * than the chip would, and one physics step per control tick. A change made outside any
 * firmware callback (a chip reset releasing every pin) acts at once, as a reset does. The
 * physics is the simulator's own work, never charged to the firmware.
 */
export function linkPhysics(
  state: BoardState,
  clock: VirtualClock,
  physics: Physics,
  /** Told after every step, when the world has just changed (the simulation watches its supply). */
  onStepped?: () => void,
): void {
  const applied = new AppliedOutputs();
  applied.take(state);
  /** The period boundary at which what the firmware wrote reaches the pins; Infinity: nothing waits. */
  let latchAtMs = Infinity;
  /** The running callback changed an output. */
  let pending = false;
  /**
   * Until when the world is up to date: the end of the period the physics has reached, or the
   * waiting latch if sooner. An input read before it (most of a tick's reads) has nothing to do.
   */
  let currentUntilMs = -Infinity;
  const settle = (): void => {
    const periodEnd = periodStart(physics.timeMs) + PWM_PERIOD_MS;
    currentUntilMs = latchAtMs < periodEnd ? latchAtMs : periodEnd;
  };
  const stepTo = (toMs: number): void => {
    clock.enterNative();
    try {
      physics.advanceTo(toMs, applied);
    } finally {
      clock.leaveNative(0);
    }
    onStepped?.();
  };
  /**
   * The pins take what the board's outputs are now, at the waiting boundary. Called before any
   * output changes again and before the physics passes that boundary, so the outputs are still
   * what they were at the boundary: nothing needs copying until then.
   */
  const latch = (): void => {
    if (physics.timeMs < latchAtMs) stepTo(latchAtMs);
    applied.take(state);
    latchAtMs = Infinity;
  };
  const advance = (toMs: number): void => {
    if (latchAtMs <= toMs) latch();
    if (physics.timeMs < toMs) stepTo(toMs);
    settle();
  };
  state.sync = () => {
    const nowMs = clock.simMs;
    if (nowMs >= currentUntilMs) advance(periodStart(nowMs));
  };
  state.beforeOutputChange = () => {
    if (latchAtMs <= clock.simMs) latch();
  };
  state.outputsChanged = () => {
    if (clock.inCallback) {
      pending = true;
      return;
    }
    // Outside the firmware (main() opening its outputs, a reset releasing every pin): no latch
    // to wait for, and what the firmware wrote before it never reaches the pins.
    advance(clock.simMs);
    latchAtMs = Infinity;
    applied.take(state);
    settle();
  };
  clock.onCallEnd = (endMs) => {
    if (!pending) return;
    pending = false;
    // Writes made before a boundary still waiting are latched at it, with these.
    if (latchAtMs === Infinity) {
      latchAtMs = Math.ceil(endMs / PWM_PERIOD_MS) * PWM_PERIOD_MS;
      settle();
    }
  };
}
