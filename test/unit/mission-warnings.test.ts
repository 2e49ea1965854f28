// Warnings for a mission the lander would fly but that brings nothing home, spills, or leaves
// the lid open or the engine lit: judged by the simulator's own reach (sim/sample-reach.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMission } from "../../host-tools/src/mission/load";
import { REPO_ROOT } from "../../host-tools/src/paths";

const dir = mkdtempSync(path.join(tmpdir(), "farside-warnings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = ["name: warned", "phases:"];
const DRILL = [
  "  - phase: drilling",
  "    steps:",
  "      - spin: 300rpm",
  "      - feed: { depth: 30mm, rate: 4mm/s }",
  "      - retract: true",
  "      - spin: 0rpm",
];

function warnings(name: string, lines: readonly string[]): string[] {
  const file = path.join(dir, name);
  writeFileSync(file, [...HEAD, ...lines].join("\n"));
  return loadMission(file).warnings.map((line) => line.replace(`${dir}/`, ""));
}

describe("mission warnings", () => {
  it("has none for the shipped missions", () => {
    for (const name of ["change6", "smoke", "calibrate"])
      expect(loadMission(path.join(REPO_ROOT, "missions", `${name}.yaml`)).warnings, name).toEqual([]);
  });

  it("warns when the lid never opens, at the step that first picks something up", () => {
    expect(
      warnings("shut.yaml", [
        ...DRILL, //                                          3-8
        "  - phase: scooping", //                             9
        "    repeat: { site: [site1, site2] }", //            10
        "    steps:", //                                      11
        '      - pose: "{site}"', //                          12
        "      - joint: { scoop: 70deg }", //                 13
        "      - pose: stow", //                              14
      ]),
    ).toEqual([
      "shut.yaml:13:9: warning: the scoop still holds site1's sample: it digs nothing at site2 (empty it into the container first)",
      "shut.yaml:13:9: warning: the lid never opens: nothing collected reaches the container (add lid: open, then at pose: container with the lid open, tip the scoop past 120deg (joint: { scoop: 150deg }))",
    ]);
  });

  it("warns when the lid opens but nothing is emptied, and when it is left open", () => {
    expect(
      warnings("open.yaml", [
        "  - phase: core-transfer", //                        3
        "    steps:", //                                      4
        "      - lid: open", //                               5
        "  - phase: scooping", //                             6
        "    steps:", //                                      7
        "      - pose: site1", //                             8
        "      - joint: { scoop: 70deg }", //                 9
        "      - pose: stow", //                              10
      ]),
    ).toEqual([
      "open.yaml:9:9: warning: nothing collected is ever emptied into the container (at pose: container with the lid open, tip the scoop past 120deg (joint: { scoop: 150deg }))",
      "open.yaml:5:9: warning: the lid opens here and stays open to the end (close it: lid: closed)",
    ]);
  });

  it("warns where the scoop empties onto the deck: the lid closed, or away from the container", () => {
    expect(
      warnings("spill.yaml", [
        "  - phase: scooping", //                             3
        "    steps:", //                                      4
        "      - pose: site1", //                             5
        "      - joint: { scoop: 70deg }", //                 6
        "      - pose: container", //                         7
        "      - joint: { scoop: 150deg }", //                8  lid closed
        "      - pose: site2", //                             9
        "      - joint: { scoop: 70deg }", //                 10
        "      - pose: ready", //                             11
        "      - joint: { scoop: 150deg }", //                12 not over the container
        "      - pose: stow", //                              13
      ]),
    ).toEqual([
      "spill.yaml:8:9: warning: the lid is closed here: site1's sample spills on the deck (open it first: lid: open)",
      "spill.yaml:12:9: warning: the scoop empties site2's sample away from the container (move there first: pose: container)",
      // ...and the lid was never opened at all, which the first spill already pointed at.
      "spill.yaml:6:9: warning: the lid never opens: nothing collected reaches the container (add lid: open, then at pose: container with the lid open, tip the scoop past 120deg (joint: { scoop: 150deg }))",
    ]);
  });

  it("warns when the ascender's engine is left lit, and is quiet for a mission that fills and seals the container", () => {
    const fills = [
      "  - phase: scooping",
      "    steps:",
      "      - lid: open",
      "      - pose: site1",
      "      - joint: { scoop: 70deg }",
      "      - pose: container",
      "      - joint: { scoop: 150deg }",
      "      - pose: stow",
      "      - lid: closed",
    ];
    expect(warnings("fills.yaml", fills)).toEqual([]);
    expect(warnings("lit.yaml", [...fills, "  - phase: liftoff", "    steps:", '      - ascender: "on"'])).toEqual([
      'lit.yaml:14:9: warning: the ascender\'s engine is lit here and stays on to the end (end with ascender: "off")',
    ]);
  });
});
