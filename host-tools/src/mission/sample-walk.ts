// Where a mission's samples would end up, from the arm's commanded pose after each step and the
// simulator's own reach (sim/sample-reach.ts): warnings for a mission that validates but brings
// nothing home, a scoop that spills, or a lid or engine left open or lit.
import type { LineCounter, Node } from "yaml";
import type { BoardConfig } from "../../../firmware/board/config";
import type { Step } from "../../../firmware/sequence/steps";
import {
  CORE_CLEAR_MM,
  CORE_REACH_DEGREES,
  LID_DEGREES,
  REACH_DEGREES,
  SCOOP_DIG_DEGREES,
  SCOOP_DUMP_DEGREES,
  SURFACE_MM,
} from "../sim/sample-reach";
import type { Plan } from "./plan";
import { problemAtNode, type Problem } from "./problem";

type Pose = BoardConfig["poses"][string];

export class SampleWalk {
  private readonly found: Problem[] = [];
  private readonly sites: [string, Pose][];
  private scoop: number;
  private corePending = false;
  /** What the scoop holds ("the core", "site1's sample"), or undefined. */
  private holding: string | undefined;
  private firstPickUp: Node | undefined;
  private emptied = 0;
  private spilled = 0;
  private lidOpened = false;
  private lidOpenedAt: Node | undefined;
  private ascenderLitAt: Node | undefined;

  constructor(
    private readonly board: BoardConfig,
    private readonly lines: LineCounter,
  ) {
    this.sites = Object.entries(board.poses).filter(([name]) => /^site\d+$/.test(name));
    this.scoop = board.joints.scoop.home;
  }

  /** After `step`, which left the lander commanded as `plan`; `at` is the step in the file. */
  after(step: Step, plan: Plan, at: Node | undefined): void {
    if (step.kind === "lid" && step.open) [this.lidOpened, this.lidOpenedAt] = [true, at];
    if (step.kind === "ascender") this.ascenderLitAt = step.on ? at : undefined;
    if (step.kind === "feed" && step.depthMm > SURFACE_MM) this.corePending = true;
    const arm = plan.joints;
    const { poses } = this.board;
    if (
      this.corePending &&
      !this.holding &&
      plan.depthMm <= CORE_CLEAR_MM &&
      near(arm, poses.drill, CORE_REACH_DEGREES)
    )
      [this.corePending, this.holding] = [false, "the core"];
    const scoop = arm[3] ?? this.scoop;
    if (scoop >= SCOOP_DIG_DEGREES && this.scoop < SCOOP_DIG_DEGREES) {
      const site = this.sites.find(([, pose]) => near(arm, pose, REACH_DEGREES))?.[0];
      if (site && this.holding)
        this.warn(
          at,
          `the scoop still holds ${this.holding}: it digs nothing at ${site}`,
          "empty it into the container first",
        );
      else if (site) this.holding = `${site}'s sample`;
    }
    if (this.holding && this.firstPickUp === undefined) this.firstPickUp = at;
    if (scoop >= SCOOP_DUMP_DEGREES && this.scoop < SCOOP_DUMP_DEGREES && this.holding) {
      const overContainer = poses.container !== undefined && near(arm, poses.container, REACH_DEGREES);
      if (overContainer && Math.abs(plan.lid - this.board.lid.open) <= LID_DEGREES) this.emptied++;
      else {
        this.spilled++;
        if (overContainer)
          this.warn(at, `the lid is closed here: ${this.holding} spills on the deck`, "open it first: lid: open");
        else
          this.warn(
            at,
            `the scoop empties ${this.holding} away from the container`,
            "move there first: pose: container",
          );
      }
      this.holding = undefined;
    }
    this.scoop = scoop;
  }

  /** Every warning, once the last step is in. */
  warnings(plan: Plan, end: Node | undefined): Problem[] {
    const tip = Math.min(this.board.joints.scoop.maxAngle, SCOOP_DUMP_DEGREES + 30);
    const empty = `at pose: container with the lid open, tip the scoop past ${SCOOP_DUMP_DEGREES}deg (joint: { scoop: ${tip}deg })`;
    const found = [...this.found];
    if (this.firstPickUp && !this.lidOpened)
      found.push(
        this.problem(
          this.firstPickUp,
          "the lid never opens: nothing collected reaches the container",
          `add lid: open, then ${empty}`,
        ),
      );
    else if (this.firstPickUp && this.emptied === 0 && this.spilled === 0)
      found.push(this.problem(this.firstPickUp, "nothing collected is ever emptied into the container", empty));
    else if (this.holding)
      found.push(this.problem(end, `the mission ends with ${this.holding} still in the scoop`, empty));
    if (Math.abs(plan.lid - this.board.lid.open) <= LID_DEGREES && this.lidOpenedAt)
      found.push(
        this.problem(this.lidOpenedAt, "the lid opens here and stays open to the end", "close it: lid: closed"),
      );
    if (plan.ascender && this.ascenderLitAt)
      found.push(
        this.problem(
          this.ascenderLitAt,
          "the ascender's engine is lit here and stays on to the end",
          'end with ascender: "off"',
        ),
      );
    return found;
  }

  private warn(at: Node | undefined, message: string, hint: string): void {
    this.found.push(this.problem(at, message, hint));
  }

  private problem(at: Node | undefined, message: string, hint: string): Problem {
    return problemAtNode(this.lines, at, message, hint);
  }
}

/** Whether the arm's shoulder, elbow and wrist are each within `degrees` of the pose, as the simulator judges it. */
function near(arm: readonly number[], pose: Pose | undefined, degrees: number): boolean {
  return (
    pose !== undefined &&
    Math.abs((arm[0] ?? NaN) - pose.shoulder) <= degrees &&
    Math.abs((arm[1] ?? NaN) - pose.elbow) <= degrees &&
    Math.abs((arm[2] ?? NaN) - pose.wrist) <= degrees
  );
}
