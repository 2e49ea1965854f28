// How a mission leaves the lander: unsafe (an error: drill down or spinning, arm out) or only
// untidy (a warning: the container's lid open, the ascender's engine lit).
import { JOINT_NAMES, type BoardConfig } from "../../../firmware/board/config";
import type { Plan } from "./plan";

/** Why the mission's end is not the lander's safe state, or undefined. Unknown facts are not blamed. */
export function unsafeEnd(plan: Plan, board: BoardConfig): { message: string; hint: string } | undefined {
  const stow = board.poses.stow;
  const armOut = JOINT_NAMES.some((name, i) => plan.joints[i] !== stow?.[name]);
  const left = [
    plan.rpm > 0 && !plan.unknown.has("rpm") ? "the drill spinning" : "",
    plan.depthMm > 0 && !plan.unknown.has("depth") ? "the drill down" : "",
    armOut ? "the arm out of its stow pose" : "",
  ].filter(Boolean);
  if (left.length === 0) return undefined;
  return {
    message: `the mission never returns to its safe state: it ends with ${left.join(", ")}`,
    hint: "end with retract, spin: 0rpm and pose: stow",
  };
}
