// The limits a mission's numbers must keep are declared once (firmware/mission/limits.ts):
// validate refuses past them at the value's line and column, and what it accepts at them the
// firmware takes, through its own decoder and step check.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeMission, decodeStep, encodeMission, encodeStep } from "../../firmware/mission/format";
import { MISSION_LIMITS } from "../../firmware/mission/limits";
import type { BoardConfig } from "../../firmware/board/config";
import { Refusal } from "../../firmware/lander/refusal";
import { Phase } from "../../firmware/sequence/phases";
import type { Step } from "../../firmware/sequence/steps";
import { Easing } from "../../firmware/servo/easing";
import { boardHash } from "../../host-tools/src/boards/hash";
import { loadBoard } from "../../host-tools/src/boards/load";
import { UserError } from "../../host-tools/src/errors";
import { compileMission, type MissionFile } from "../../host-tools/src/mission/compile";
import { loadMission } from "../../host-tools/src/mission/load";
import { parseMission } from "../../host-tools/src/mission/parse";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { nodeLander } from "../support/node-lander";

const dir = mkdtempSync(path.join(tmpdir(), "farside-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A mission whose self-test phase does `step` (one line of YAML, at line 6 column 9), then stows. */
function missionWith(name: string, step: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: limits\nphases:\n  - phase: self-test\n    steps:\n      - selftest: true\n      - ${step}\n      - pose: stow\n`,
  );
  return file;
}

function refusal(file: string): string {
  try {
    loadMission(file);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.message;
  }
  throw new Error(`${file} validated`);
}

const HOUR = MISSION_LIMITS.maxDurationMs / 60_000;

describe("mission limits", () => {
  it("takes a wait, an until and a move of exactly the longest duration, and the lander takes them too", () => {
    for (const step of [
      `wait: ${HOUR}min`,
      `wait: { until: ${MISSION_LIMITS.maxDurationMs}ms }`,
      `pose: { name: ready, duration: ${MISSION_LIMITS.maxDurationMs / 1000}s }`,
      `joint: { shoulder: 20deg, duration: ${HOUR}min }`,
    ]) {
      const checked = loadMission(missionWith("at-limit", step));
      const { lander } = nodeLander();
      expect(lander.loadMission(checked.bytes, checked.bytes.length), step).toBe(Refusal.None);
    }
  });

  it("refuses one past it at the value's line and column, naming the limit: no 2^32 ms wrap, no Infinity", () => {
    for (const [step, col] of [
      [`wait: ${MISSION_LIMITS.maxDurationMs + 1}ms`, 15],
      ["wait: 61min", 15],
      ["wait: 4294968.296s", 15],
      [`wait: ${"9".repeat(400)}s`, 15],
      [`wait: { until: ${MISSION_LIMITS.maxDurationMs + 1}ms }`, 24],
      ["pose: { name: ready, duration: 4294967.297s }", 40],
      ["joint: { shoulder: 20deg, duration: 61min }", 45],
    ] as const) {
      const message = refusal(missionWith("past-limit", step));
      expect(message, step).toMatch(
        new RegExp(
          `^${dir}/past-limit\\.yaml:6:${col}: duration .* is outside what the lander takes: at most 60min \\(3600000ms\\)`,
        ),
      );
      expect(message.split("\n"), step).toHaveLength(1);
    }
  });

  it("says a negative quantity is negative, never that a number with its unit needs its unit", () => {
    for (const [step, col, message] of [
      ["wait: -1s", 15, "a duration cannot be negative: -1s"],
      ["wait: -0s", 15, "a duration cannot be negative: -0s"],
      ["wait: { until: -2min }", 24, "a duration cannot be negative: -2min"],
      ["pose: { name: ready, duration: -500ms }", 40, "a duration cannot be negative: -500ms"],
      ["joint: { shoulder: 20deg, speed: -5deg/s }", 42, "a speed cannot be negative: -5deg/s"],
      ["spin: -300rpm", 15, "a spin cannot be negative: -300rpm"],
      ["feed: { depth: -5mm, rate: 1mm/s }", 24, "a depth cannot be negative: -5mm"],
      ["feed: { depth: 5mm, rate: -1mm/s }", 35, "a feed rate cannot be negative: -1mm/s"],
      ["wait: 1e309s", 15, '"1e309s": write the number in plain digits (for example 1.5s or 500ms)'],
      ["wait: .5s", 15, '".5s": write the number in plain digits (for example 1.5s or 500ms)'],
    ] as const) {
      // The one line, alone: a map-form wait is not also told to "give a unit with the number".
      expect(refusal(missionWith("negative", step)), step).toBe(`${dir}/negative.yaml:6:${col}: ${message}`);
    }
    // A unit nobody uses for the quantity is named, with the ones that fit.
    expect(refusal(missionWith("typo", "wait: 2fortnights"))).toBe(
      `${dir}/typo.yaml:6:15: unknown unit "fortnights" for a duration: use ms, s or min`,
    );
    // Angles may be negative: the board's limits decide.
    expect(refusal(missionWith("angle", "joint: { shoulder: -20deg }"))).toMatch(
      /:6:28: -20deg is outside the shoulder's limits/,
    );
  });

  it("is the table the decoder refuses by: one ms past the longest wait is refused by the lander", () => {
    const at: Step = { kind: "wait", phase: Phase.SelfTest, ms: MISSION_LIMITS.maxDurationMs };
    const past: Step = { ...at, ms: MISSION_LIMITS.maxDurationMs + 1 };
    const bytes = (step: Step): Uint8Array => encodeStep(step);
    expect(decodeStep(bytes(at), bytes(at).length)).toEqual(at);
    expect(decodeStep(bytes(past), bytes(past).length)).toBe("step 0: wait too long");
  });

  it("holds every number at its limit through the lander's format, where one past would wrap", () => {
    const { maxSpeedDegS, minAngleDeg, maxAngleDeg, maxRpm, maxDepthMm, maxRateMmS } = MISSION_LIMITS;
    const move = { phase: Phase.Scooping, ms: 0, easing: Easing.Linear } as const;
    const cases: readonly [Step, Step][] = [
      [
        { kind: "joint", ...move, joint: "shoulder", angle: maxAngleDeg, speed: maxSpeedDegS },
        { kind: "joint", ...move, joint: "shoulder", angle: maxAngleDeg + 0.1, speed: maxSpeedDegS + 0.1 },
      ],
      [
        { kind: "joint", ...move, joint: "shoulder", angle: minAngleDeg, speed: 0 },
        { kind: "joint", ...move, joint: "shoulder", angle: minAngleDeg - 0.1, speed: 0 },
      ],
      [
        { kind: "spin", phase: Phase.Drilling, rpm: maxRpm },
        { kind: "spin", phase: Phase.Drilling, rpm: maxRpm + 1 },
      ],
      [
        { kind: "feed", phase: Phase.Drilling, depthMm: maxDepthMm, rateMmS: maxRateMmS },
        { kind: "feed", phase: Phase.Drilling, depthMm: maxDepthMm + 0.1, rateMmS: maxRateMmS + 0.01 },
      ],
    ];
    for (const [at, past] of cases) {
      const atBytes = encodeStep(at);
      const decoded = decodeStep(atBytes, atBytes.length) as Step;
      expect(decoded, at.kind).toEqual(at);
      const pastBytes = encodeStep(past);
      expect(decodeStep(pastBytes, pastBytes.length), past.kind).not.toEqual(past);
    }
  });

  it("refuses a spin past the format's limit even on a board that claims more", () => {
    const board = loadBoard("esp32-devkitc");
    // A board that claims more than the format carries: only the shared limits stand in the way.
    const generous: BoardConfig = { ...board, drill: { ...board.drill, spin: { ...board.drill.spin, maxRpm: 1e6 } } };
    const problemsOf = (rpm: number): string[] => {
      const text = `name: x\nphases:\n  - phase: drilling\n    steps:\n      - spin: ${rpm}rpm\n      - spin: 0rpm\n`;
      const parsed = parseMission(text);
      return compileMission(parsed.doc, parsed.lines, parsed.data as MissionFile, generous, 0).problems.map(
        (problem) => `${problem.line}:${problem.col}: ${problem.message}`,
      );
    };
    expect(problemsOf(MISSION_LIMITS.maxRpm)).toEqual([]);
    expect(problemsOf(MISSION_LIMITS.maxRpm + 1)).toEqual([
      `5:15: spin ${MISSION_LIMITS.maxRpm + 1}rpm is outside what the lander takes: at most ${MISSION_LIMITS.maxRpm}rpm`,
    ]);
  });

  it("refuses a pose name longer than the lander decodes, even one a repeat builds", () => {
    const plain = loadBoard("esp32-devkitc");
    const long = `p${"o".repeat(299)}`;
    const board: BoardConfig = { ...plain, poses: { ...plain.poses, [long]: plain.poses.ready! } };
    const text = [
      "name: x",
      "phases:",
      "  - phase: scooping",
      "    repeat:",
      `      site: [${"o".repeat(299)}]`,
      "    steps:",
      "      - pose: p{site}",
      "      - pose: stow",
    ].join("\n");
    const parsed = parseMission(text);
    const { problems } = compileMission(parsed.doc, parsed.lines, parsed.data as MissionFile, board, boardHash(board));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 7, col: 15 });
    expect(problems[0]?.message).toMatch(/has 300 characters: the lander takes at most 32$/);
  });

  it("is the limit the mission schema gives names", () => {
    const schema = readFileSync(path.join(REPO_ROOT, "missions", "mission.schema.json"), "utf8");
    expect(schema).toMatch(new RegExp(`"name": \\{[^}]*"maxLength": ${MISSION_LIMITS.maxNameChars}`));
    expect(schema).toMatch(new RegExp(`"maxLength": ${MISSION_LIMITS.maxPoseNameChars}\\b`));
  });

  it("refuses a name the lander cannot hold at the name: a NUL, a tab, an emoji, an accent", () => {
    const named = (file: string, name: string): string => {
      const full = path.join(dir, file);
      writeFileSync(full, `name: ${name}\nphases:\n  - phase: self-test\n    steps:\n      - selftest: true\n`);
      return refusal(full);
    };
    const only =
      "the lander keeps a name of printable ASCII only (spell it with ASCII letters, digits, spaces and punctuation)";
    expect(named("nul.yaml", '"a\\0b"')).toBe(
      `${dir}/nul.yaml:1:7: the name has a control character (U+0000): ${only}`,
    );
    expect(named("tab.yaml", '"a\\tb"')).toBe(
      `${dir}/tab.yaml:1:7: the name has a control character (U+0009): ${only}`,
    );
    expect(named("emoji.yaml", "😀".repeat(64))).toBe(`${dir}/emoji.yaml:1:7: the name has "😀" (U+1F600): ${only}`);
    expect(named("accent.yaml", "Süd")).toBe(`${dir}/accent.yaml:1:7: the name has "ü" (U+00FC): ${only}`);
  });

  it("carries every printable ASCII name intact, and the lander refuses any other rather than mask it", () => {
    const steps: Step[] = [{ kind: "selftest", phase: Phase.SelfTest }];
    const mission = (name: string) => ({ name, boardHash: 1, policies: [], steps });
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
    for (const name of [ascii.slice(0, MISSION_LIMITS.maxNameChars), ascii.slice(MISSION_LIMITS.maxNameChars)]) {
      const bytes = encodeMission(mission(name));
      expect(decodeMission(bytes, bytes.length)).toMatchObject({ name });
    }
    // What the host's check would stop, sent anyway: refused, not "é" arriving as "i".
    for (const name of ["a\0b", "caf\u00e9", "\u{1F600}", "\x7f"]) {
      const bytes = encodeMission(mission(name));
      expect(decodeMission(bytes, bytes.length), JSON.stringify(name)).toBe("the name is not printable ASCII");
    }
    const sent = encodeMission(mission("ok"));
    sent[9] = 0xe9; // the name's first byte, as another encoder might send it
    expect(decodeMission(sent, sent.length)).toBe("the name is not printable ASCII");
    // On the lander itself: the name kept when printable, the upload refused by its name when not.
    const { lander, board } = nodeLander();
    const upload = encodeMission({ ...mission(ascii.slice(0, 64)), boardHash: boardHash(board) });
    expect(lander.loadMission(upload, upload.length)).toBe(Refusal.None);
    expect(lander.missionName).toBe(ascii.slice(0, 64));
    upload[9] = 0;
    expect(lander.loadMission(upload, upload.length)).toBe(Refusal.Undecodable);
    expect(lander.missionRefusal.text()).toBe("the name is not printable ASCII");
  });
});
