import type { CheckedMission } from "./load";
import { duration } from "../labels";

/** The one line a good mission file gets: what it is, how long it takes, on which board. */
export function describeMission(checked: CheckedMission): string {
  const { mission, estimateMs } = checked.compiled;
  const phases = new Set(mission.steps.map((step) => step.phase)).size;
  return `${checked.path}: ok: "${mission.name}", ${mission.steps.length} steps in ${phases} phase${phases === 1 ? "" : "s"}, about ${duration(estimateMs)} on ${checked.board.id} (${checked.bytes.length} bytes compiled)${drillingCaveat(checked)}`;
}

/**
 * What the estimate cannot know: how the regolith takes the drill. It counts each feed at its
 * rate, but a bit that stalls (in the rock band, say) is backed off and fed again slower.
 */
function drillingCaveat(checked: CheckedMission): string {
  if (!checked.compiled.mission.steps.some((step) => step.kind === "feed" && step.depthMm > 0)) return "";
  if (!checked.board.drill.load)
    return `; ${checked.board.id} cannot sense the drill stalling, so in hard rock the core may come up short`;
  return "; drilling may take longer: where the drill stalls (in rock), it backs off and retries slower";
}
