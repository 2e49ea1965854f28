import type { BoardConfig, JointName } from "../../../../../firmware/board/config";
import type { SeededRandom } from "../random";
import {
  CORE_CLEAR_MM,
  CORE_REACH_DEGREES,
  LID_DEGREES,
  REACH_DEGREES,
  SCOOP_DIG_DEGREES,
  SCOOP_DUMP_DEGREES,
} from "../../sample-reach";

// Read once: in XS a global's name is looked up at every use, and these run every physics step.
const { abs } = Math;

const SITE_GRAMS_MIN = 8;
const SITE_GRAMS_MAX = 15;
type Pose = { readonly [J in JointName]: number };

/**
 * Where the samples are: in the drill's coring bag, in the arm's scoop, in the container or
 * spilled. The scoop digs when it tips in at a sample site, and empties when it tips out,
 * into the container if it is over it with the lid open, onto the lander deck otherwise.
 */
export class SampleTracker {
  heldG = 0;
  containerG = 0;
  spilledG = 0;
  scoops = 0;
  private digging = false;
  private dumping = false;
  private readonly sites: Pose[] = [];
  private readonly siteGrams: number[] = [];

  constructor(
    private readonly board: BoardConfig,
    random: SeededRandom,
  ) {
    for (let n = 1; Object.prototype.hasOwnProperty.call(board.poses, `site${n}`); n++) {
      this.sites.push(board.poses[`site${n}`]);
      this.siteGrams.push(random.between(SITE_GRAMS_MIN, SITE_GRAMS_MAX));
    }
  }

  lidOpen(lidAngle: number): boolean {
    return abs(lidAngle - this.board.lid.open) <= LID_DEGREES;
  }

  lidClosed(lidAngle: number): boolean {
    return abs(lidAngle - this.board.lid.closed) <= LID_DEGREES;
  }

  /** True when the arm's shoulder, elbow and wrist are each within `degrees` of the pose. */
  near(arm: readonly number[], pose: Pose, degrees: number): boolean {
    return (
      abs(arm[0] - pose.shoulder) <= degrees &&
      abs(arm[1] - pose.elbow) <= degrees &&
      abs(arm[2] - pose.wrist) <= degrees
    );
  }

  /** Whether the arm is where it takes the core bag off a raised drill. */
  atCore(arm: readonly number[], feedMm: number): boolean {
    return feedMm <= CORE_CLEAR_MM && this.near(arm, this.board.poses.drill, CORE_REACH_DEGREES);
  }

  /** Called every step with the arm's physical angles (shoulder, elbow, wrist, scoop) and the lid's. */
  step(arm: readonly number[], lidAngle: number): void {
    const scoop = arm[3];
    const digging = scoop >= SCOOP_DIG_DEGREES;
    if (digging && !this.digging && this.heldG === 0) {
      for (let i = 0; i < this.sites.length; i++) {
        if (this.near(arm, this.sites[i], REACH_DEGREES)) {
          this.heldG = this.siteGrams[i];
          this.scoops++;
          break;
        }
      }
    }
    this.digging = digging;
    const dumping = scoop >= SCOOP_DUMP_DEGREES;
    if (dumping && !this.dumping && this.heldG > 0) {
      if (this.near(arm, this.board.poses.container, REACH_DEGREES) && this.lidOpen(lidAngle))
        this.containerG += this.heldG;
      else this.spilledG += this.heldG;
      this.heldG = 0;
    }
    this.dumping = dumping;
  }
}
