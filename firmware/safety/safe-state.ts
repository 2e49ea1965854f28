import type { Arm } from "../arm/arm";
import type { Drill } from "../drill/drill";

const enum Stage {
  Done = 0,
  Raising = 1,
  Stowing = 2,
}

/**
 * Brings the lander to its safe state from anywhere: the drill stops at once and is raised,
 * then the arm stows. The arm waits for the drill so it never swings into a bit still in the
 * ground.
 */
export class SafeStateProcedure {
  private stage = Stage.Done;

  constructor(
    private readonly arm: Arm,
    private readonly drill: Drill,
  ) {}

  get active(): boolean {
    return this.stage !== Stage.Done;
  }

  begin(nowMs: number): void {
    this.drill.stopSpin();
    this.drill.clearStall();
    this.drill.retract(nowMs);
    this.arm.hold(nowMs);
    this.stage = Stage.Raising;
  }

  /** Advances the procedure; true once the lander is safe. */
  tick(nowMs: number): boolean {
    if (this.stage === Stage.Raising && this.drill.isRaised() && this.drill.isIdle(nowMs)) {
      this.arm.moveToPose("stow", nowMs);
      this.stage = Stage.Stowing;
    } else if (this.stage === Stage.Stowing && this.arm.isSettled(nowMs)) {
      this.stage = Stage.Done;
    }
    return this.stage === Stage.Done;
  }
}
