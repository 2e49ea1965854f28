import type { CheckedMission } from "./load";
import { duration } from "../labels";

/** The one line a good mission file gets: what it is, how long it takes, on which board. */
export function describeMission(checked: CheckedMission): string {
  const { mission, estimateMs } = checked.compiled;
  const phases = new Set(mission.steps.map((step) => step.phase)).size;
  return `${checked.path}: ok: "${mission.name}", ${mission.steps.length} steps in ${phases} phase${phases === 1 ? "" : "s"}, about ${duration(estimateMs)} on ${checked.board.id} (${checked.bytes.length} bytes compiled)`;
}
