// Mission files as people write them: every problem reported at once, at its line and column,
// with a hint; good files compile to what the firmware decodes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeMission } from "../../firmware/mission/format";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy } from "../../firmware/sequence/steps";
import { UserError } from "../../host-tools/src/errors";
import { loadMission } from "../../host-tools/src/mission/load";
import { parseQuantity } from "../../host-tools/src/mission/quantity";
import { duration } from "../../host-tools/src/labels";

const dir = mkdtempSync(path.join(tmpdir(), "farside-missions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The problem lines a file gets, without its folder. */
function problems(file: string, board?: string): string[] {
  try {
    loadMission(file, board);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.bare).toBe(true);
    return error.message.split("\n").map((line) => line.replace(`${dir}/`, ""));
  }
  return [];
}

describe("mission files", () => {
  it("compiles each shipped mission for its board", () => {
    for (const name of ["change6", "smoke", "calibrate"]) {
      const checked = loadMission(path.join("missions", `${name}.yaml`));
      expect(checked.compiled.mission.steps.length).toBeGreaterThan(10);
      expect(decodeMission(checked.bytes, checked.bytes.length)).toEqual(checked.compiled.mission);
    }
  });

  it("runs Chang'e-6's phases in flight order with their policies, a repeat per site, markers named", () => {
    const { compiled } = loadMission("missions/change6.yaml");
    const phases = [...new Set(compiled.mission.steps.map((step) => step.phase))];
    expect(phases).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(compiled.mission.policies[Phase.Drilling]).toBe(FaultPolicy.Retry);
    expect(compiled.mission.policies[Phase.Scooping]).toBe(FaultPolicy.Skip);
    const poses = compiled.mission.steps.flatMap((step) =>
      step.kind === "pose" && step.phase === Phase.Scooping ? [step.pose] : [],
    );
    expect(poses.filter((pose) => pose.startsWith("site"))).toEqual(["site1", "site2", "site3", "site4"]);
    expect(compiled.markers).toContain("site3 scooped");
  });

  it("reports every problem at once, each at its line and column, with a hint", () => {
    const file = write(
      "bad.yaml",
      [
        "name: bad", //                                    1
        "phases:", //                                      2
        "  - phase: drilling", //                          3
        "    steps:", //                                   4
        "      - feed: { depth: 20mm, rate: 2mm/s }", //   5  not spinning
        "      - spin: 300rpm", //                         6
        "      - feed: { depth: 900mm, rate: 2mm/s }", //  7  beyond the drill
        "      - retract: true", //                        8
        "      - spin: 0rpm", //                           9
        "  - phase: self-test", //                         10 out of order
        "    steps:", //                                   11
        "      - pose: moonbase", //                       12 unknown pose
        "      - joint: { shoulder: 200deg }", //          13 outside limits
        "      - pose: { name: ready, duration: 100ms }", // 14 too fast
        "      - joint: { elbow: 120deg, speed: 500deg/s }", // 15 faster than the servo
      ].join("\n"),
    );
    expect(problems(file)).toEqual([
      "bad.yaml:5:15: the drill must spin at 200rpm or more before it feeds down (add spin: 300rpm before it)",
      "bad.yaml:7:24: the drill reaches 80mm, not 900mm",
      "bad.yaml:10:12: self-test cannot come after drilling (phases run in the order self-test, drilling, core-transfer, scooping, sealing, transfer, flag, liftoff)",
      'bad.yaml:12:15: unknown pose "moonbase" (esp32-devkitc has stow, ready, drill, container, ascender, site1, site2, site3, site4)',
      "bad.yaml:13:28: 200deg is outside the shoulder's limits (esp32-devkitc's shoulder moves from 10deg to 170deg)",
      // 20° to 90° at 60°/s and 120°/s²: 1.17 s cruising plus 0.5 s of ramps.
      "bad.yaml:14:40: too fast: the shoulder needs 1.7 s for that move at its 60deg/s and 120deg/s² (use duration: 1.7s or more, or leave it out)",
      "bad.yaml:15:40: the elbow cannot move at 500deg/s (it reaches at most 60deg/s)",
      "bad.yaml:10:5: the mission never returns to its safe state: it ends with the arm out of its stow pose (end with retract, spin: 0rpm and pose: stow)",
    ]);
  });

  it("wants units, knows the keys, and catches a joint moved twice in one step", () => {
    const file = write(
      "typos.yaml",
      [
        "name: typos",
        "phases:",
        "  - phase: self-test",
        "    steps:",
        "      - wait: 2",
        "      - pose: { name: stow, duraton: 1s }",
        "      - scoop: 10deg",
        "      - joint: { scoop: 20deg, scoop: 30deg }",
      ].join("\n"),
    );
    expect(problems(file)).toEqual(["typos.yaml:8:32: the same key twice: a step moves each joint once"]);
    const fixed = write(
      "typos2.yaml",
      [
        "name: typos",
        "phases:",
        "  - phase: self-test",
        "    steps:",
        "      - wait: 2",
        "      - pose: { name: stow, duraton: 1s }",
        "      - scoop: 10deg",
      ].join("\n"),
    );
    expect(problems(fixed)).toEqual([
      "typos2.yaml:5:15: give a unit with the number (A duration with its unit: 500ms, 1.5s, 2min.)",
      'typos2.yaml:6:29: unknown key "duraton" (did you mean duration?)',
      'typos2.yaml:7:9: unknown step "scoop" (steps are selftest, pose, joint, spin, feed, hold, retract, wait, lid, flag, ascender, marker, checkpoint)',
    ]);
  });

  it("takes JSON too, and checks against the board asked for", () => {
    const file = write(
      "tiny.json",
      JSON.stringify({
        name: "tiny",
        phases: [{ phase: "self-test", steps: [{ selftest: true }, { pose: "site4" }, { pose: "stow" }] }],
      }),
    );
    expect(loadMission(file, "esp32-devkitc").compiled.mission.steps).toHaveLength(3);
    expect(problems(file, "xiao-esp32s3")).toEqual([]);
    expect(() => loadMission(file, "no-such-board")).toThrow(UserError);
  });

  it("parses quantities only with their units", () => {
    expect(parseQuantity("1.5s", "duration")).toBe(1500);
    expect(parseQuantity("500ms", "duration")).toBe(500);
    expect(parseQuantity("64mm", "length")).toBe(64);
    expect(parseQuantity("60deg/s", "angular-speed")).toBe(60);
    expect(parseQuantity(90, "angle")).toMatch(/give a unit/);
    expect(parseQuantity("90 furlongs", "angle")).toBe('unknown unit "furlongs" for an angle: use deg');
    expect([3500, 59_600, 119_600, 165_000].map(duration)).toEqual(["3.5 s", "1 min 0 s", "2 min 0 s", "2 min 45 s"]);
  });
});
