// validate prints every problem at once: a schema mistake does not hide the board's or the
// physics', and a step it refuses does not get the steps after it blamed for its mistake.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { loadMission } from "../../host-tools/src/mission/load";

const dir = mkdtempSync(path.join(tmpdir(), "farside-one-pass-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(name: string, lines: readonly string[], board?: string): string[] {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join("\n"));
  try {
    loadMission(file, board);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.message.split("\n").map((line) => line.replace(`${dir}/`, ""));
  }
  return [];
}

describe("validate in one pass", () => {
  it("reports the board, the schema and the physics together, each at its line and column", () => {
    expect(
      problems("bad1.yaml", [
        "name: first try", //                                  1
        "board: esp32-devkit", //                              2 no such board
        "phases:", //                                          3
        "  - phase: self-test", //                             4
        "    steps:", //                                       5
        "      - selftest: true", //                           6
        "      - scoop: 70deg", //                             7 no such step
        "      - pose: site5", //                              8 no such pose
        "      - joint: { shoulder: 30deg, speed: 500deg/s }", // 9 faster than the servo
        "  - phase: sampling", //                              10 no such phase
        "    steps:", //                                       11
        "      - spin: 300 RPM", //                            12
        "      - feed: { depth: 2.5in, rate: 2mm/s }", //      13 no such unit
        "      - lid: opened", //                              14 not a lid position
        "  - phase: drilling", //                              15
        "    steps:", //                                       16
        "      - retract: true", //                            17
        "      - spin: 0rpm", //                               18
        "      - pose: stow", //                               19
      ]).map((line) => line.replace(/\(known boards: [^)]*\)/, "(known boards: …)")),
    ).toEqual([
      expect.stringMatching(
        /^bad1\.yaml:2:8: .*esp32-devkit\.json: no such board file \(known boards: …\) \(the rest is checked against esp32-devkitc meanwhile\)$/,
      ),
      'bad1.yaml:7:9: unknown step "scoop" (steps are selftest, pose, joint, spin, feed, hold, retract, wait, lid, flag, ascender, marker, checkpoint)',
      "bad1.yaml:10:12: not one of self-test, drilling, core-transfer, scooping, sealing, transfer, flag, liftoff",
      "bad1.yaml:14:14: not one of open, closed",
      'bad1.yaml:8:15: unknown pose "site5" (esp32-devkitc has stow, ready, drill, container, ascender, site1, site2, site3, site4)',
      "bad1.yaml:9:42: the shoulder cannot move at 500deg/s (it reaches at most 60deg/s)",
      'bad1.yaml:13:24: unknown unit "in" for a depth: use mm or cm',
    ]);
  });

  it("does not blame a feed for a spin it refused, nor the end for a drill it never knew was down", () => {
    expect(
      problems("fast.yaml", [
        "name: too fast",
        "phases:",
        "  - phase: drilling",
        "    steps:",
        "      - spin: 2500rpm",
        "      - feed: { depth: 40mm, rate: 2mm/s }",
        "      - feed: { depth: 20mm, rate: fast }",
        "      - spin: 0rpm",
      ]),
    ).toEqual([
      "fast.yaml:5:15: the drill spins at most 600rpm",
      'fast.yaml:7:36: "fast" is not a feed rate (for example 2mm/s)',
    ]);
  });

  it("still refuses a board asked for on the command line as the command's one mistake", () => {
    const ok = [
      "name: ok",
      "phases:",
      "  - phase: self-test",
      "    steps:",
      "      - selftest: true",
      "      - wait: 2",
    ];
    expect(problems("ok.yaml", ok, "nope")).toEqual([expect.stringMatching(/nope\.json: no such board file/)]);
  });
});
