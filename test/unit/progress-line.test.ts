import { describe, expect, it } from "vitest";
import { progressLine, type ProgressState } from "../../host-tools/src/cli/progress-line";
import { drillProgress, feedTarget } from "../../host-tools/src/cli/mission-progress";
import { loadMission } from "../../host-tools/src/mission/load";

const drilling: ProgressState = {
  step: 9,
  steps: 59,
  phase: "drilling",
  drill: { depthMm: 32.4, targetMm: 64 },
  elapsed: "1 min 12 s",
  remaining: "58 s to go",
};
const scooping: ProgressState = { ...drilling, step: 30, phase: "scooping", drill: undefined };

describe("the progress line at a terminal's width", () => {
  it.each([40, 60, 80, 120])("never reaches the last column of %i, words before the bar", (columns) => {
    for (const state of [drilling, scooping]) {
      const line = progressLine(state, columns);
      expect(line.length).toBeLessThan(columns);
      expect(line).toMatch(/^step \d+\/59 \| (drilling \| drill 32\/64 mm|scooping)/);
    }
  });

  it("shrinks the bar to the room the words leave, and drops the times before the drill's depth", () => {
    expect(progressLine(drilling, 120)).toBe(
      `step 9/59 | drilling | drill 32/64 mm | 1 min 12 s elapsed | 58 s to go [${"=".repeat(6)}${"-".repeat(34)}]`,
    );
    expect(progressLine(drilling, 80)).toBe(
      `step 9/59 | drilling | drill 32/64 mm | 1 min 12 s elapsed [${"=".repeat(3)}${"-".repeat(15)}]`,
    );
    expect(progressLine(drilling, 60)).toBe(
      `step 9/59 | drilling | drill 32/64 mm [${"=".repeat(3)}${"-".repeat(16)}]`,
    );
    // No room for a bar beside the depth: the depth stays.
    expect(progressLine(drilling, 40)).toBe("step 9/59 | drilling | drill 32/64 mm");
    expect(progressLine(scooping, 40)).toBe(`step 30/59 | scooping [${"=".repeat(8)}${"-".repeat(7)}]`);
  });

  it("shows the depth alone where the mission's feed is not known", () => {
    expect(progressLine({ ...drilling, drill: { depthMm: 12 } }, 60)).toMatch(
      /^step 9\/59 \| drilling \| drill 12 mm /,
    );
  });
});

describe("the drill's depth on the bar", () => {
  const steps = loadMission("missions/smoke.yaml").compiled.mission.steps;
  const feed = steps.findIndex((step) => step.kind === "feed");

  it("goes to the depth of the phase's feed, and shows only while drilling", () => {
    expect(feedTarget(steps, feed)).toBe(10);
    expect(feedTarget(steps, feed + 1)).toBe(10);
    expect(feedTarget(steps, feed - 1)).toBeUndefined();
    const phase = steps[feed]!.phase;
    expect(drillProgress({ phase, step: feed, depthMm: 4 }, steps)).toEqual({ depthMm: 4, targetMm: 10 });
    expect(drillProgress({ phase: steps[0]!.phase, step: 0, depthMm: 0 }, steps)).toBeUndefined();
    expect(drillProgress({ phase, step: feed, depthMm: 4 }, undefined)).toEqual({ depthMm: 4, targetMm: undefined });
  });
});
