import type { OutputLevels } from "./model/world";
import type { VirtualClock } from "./virtual-clock";
import { AppliedOutputs, type BoardState } from "./virtual-device";

/** What the link needs of the physics model (model/world.ts). */
export interface Physics {
  /** Simulation ms the physics has reached. */
  readonly timeMs: number;
  /** Steps the physics on to `nowMs` with the outputs as they are. */
  advanceTo(nowMs: number, outputs: OutputLevels): void;
}

/**
 * Ties the physics to the board: it steps on when the firmware reads an input (to within the
 * staleness the read allows) and when an output it wrote takes effect, which is when the
 * firmware's callback returns (AppliedOutputs), so it steps about once a callback, not once a
 * write. Its work is the simulator's own, never charged to the firmware.
 */
export function linkPhysics(state: BoardState, clock: VirtualClock, physics: Physics): void {
  const applied = new AppliedOutputs();
  applied.take(state);
  const advance = (toMs: number): void => {
    clock.enterNative();
    try {
      physics.advanceTo(toMs, applied);
    } finally {
      clock.leaveNative(0);
    }
  };
  let pending = false;
  state.sync = (staleMs) => {
    const nowMs = clock.simMs;
    if (nowMs - physics.timeMs > staleMs) advance(nowMs);
  };
  state.outputsChanged = () => {
    if (clock.inCallback) {
      pending = true;
      return;
    }
    advance(clock.simMs);
    applied.take(state);
  };
  clock.onCallEnd = (endMs) => {
    if (!pending) return;
    pending = false;
    advance(endMs);
    applied.take(state);
  };
}
