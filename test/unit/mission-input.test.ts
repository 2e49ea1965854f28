// Mission files that are not what they seem: another encoding, binary bytes, YAML aliases
// that expand without end, or nesting deep enough to overflow a recursive parser. Each is one FILE:LINE:COL line, never an internal error.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { loadMission } from "../../host-tools/src/mission/load";
import { MAX_MISSION_NESTING } from "../../host-tools/src/mission/nesting";
import { MAX_ALIAS_COPIES } from "../../host-tools/src/mission/parse";

const dir = mkdtempSync(path.join(tmpdir(), "farside-mission-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMOKE = `name: t\nphases:\n  - phase: self-test\n    steps:\n      - selftest: true\n`;

function problem(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  try {
    loadMission(file);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message.split("\n")).toHaveLength(1);
    return error.message.replace(`${dir}/`, "");
  }
  throw new Error(`${name} validated`);
}

describe("mission file input", () => {
  it("names UTF-16 and UTF-32, with or without a byte-order mark", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SMOKE, "utf16le")]);
    expect(problem("le.yaml", le)).toBe(
      "le.yaml:1:1: the file is UTF-16 text (it starts with a UTF-16LE byte-order mark): save it as UTF-8",
    );
    const be = Buffer.from(SMOKE, "utf16le").swap16();
    expect(problem("be.yaml", Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatch(/UTF-16BE byte-order mark/);
    expect(problem("bare.yaml", Buffer.from(SMOKE, "utf16le"))).toBe(
      "bare.yaml:1:1: the file looks like UTF-16 text without a byte-order mark: save it as UTF-8",
    );
    expect(problem("u32.yaml", Buffer.from([0xff, 0xfe, 0, 0, 0x6e, 0, 0, 0]))).toMatch(/UTF-32LE/);
  });

  it("places a byte UTF-8 does not allow and a NUL byte at their line and column", () => {
    expect(problem("latin1.yaml", Buffer.from("name: caf\xe9\n", "latin1"))).toBe(
      "latin1.yaml:1:10: not UTF-8 text (a byte that UTF-8 does not allow): save it as UTF-8",
    );
    expect(problem("nul.yaml", `${SMOKE}      - wait: 1s\x00\n`)).toBe(
      "nul.yaml:6:17: a NUL byte: this is a binary file, not text",
    );
  });

  it("still reads UTF-8 with its byte-order mark and CRLF line ends", () => {
    const file = path.join(dir, "bom.yaml");
    writeFileSync(file, `\ufeff${SMOKE.replace(/\n/g, "\r\n")}`);
    expect(loadMission(file).compiled.mission.name).toBe("t");
  });

  it("refuses a billion laughs at its first alias, in bounded time", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [from, to] of [..."abcdefgh"].map((c, i) => [c, "abcdefghi"[i + 1]])) {
      levels.push(`${to}: &${to} [${Array(9).fill(`*${from}`).join(", ")}]`);
    }
    const started = Date.now();
    expect(problem("laughs.yaml", `name: t\n${levels.join("\n")}\nphases: [*i]\n`)).toBe(
      `laughs.yaml:3:8: YAML aliases here expand to more than ${MAX_ALIAS_COPIES} copies (write the steps out, or use repeat)`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("refuses more alias copies than the limit, and takes a mission with a few", () => {
    const many = `name: t\ndescription: &w 1s\nphases:\n  - phase: self-test\n    steps:\n${"      - wait: *w\n".repeat(MAX_ALIAS_COPIES + 1)}`;
    expect(problem("many.yaml", many)).toMatch(/^many\.yaml:6:15: YAML aliases here expand to more than/);
    const few = path.join(dir, "few.yaml");
    writeFileSync(
      few,
      `name: t\ndescription: &w 1s\nphases:\n  - phase: self-test\n    steps:\n${"      - wait: *w\n".repeat(20)}`,
    );
    expect(loadMission(few).compiled.mission.steps).toHaveLength(20);
  });

  it("refuses nesting past the limit at its place, flow, compact or indented, in well under a second", () => {
    const refusal = `nested too deeply (a mission nests at most ${MAX_MISSION_NESTING} levels)`;
    const deep = 100_000;
    const cases: [string, string, string][] = [
      // The root map is one level, so the 16th bracket is the 17th level: at column 9 + 15.
      ["flow.yaml", `name: t\nphases: ${"[".repeat(deep)}${"]".repeat(deep)}\n`, "2:24"],
      ["maps.yaml", `name: t\nphases: ${"{a: ".repeat(deep / 2)}${"}".repeat(deep / 2)}\n`, "2:69"],
      ["compact.yaml", `name: t\nphases:\n${"- ".repeat(deep)}x\n`, "3:35"],
      ["tagged.yaml", `name: t\nphases:\n${"- !t ".repeat(deep / 3)}x\n`, "3:86"],
    ];
    const lines = ["name: t", "phases:"];
    for (let level = 0; level < 400; level++) lines.push(`${"  ".repeat(level)}- k${level}:`);
    cases.push(["indented.yaml", `${lines.join("\n")}\n`, "19:35"]);
    for (const [name, text, place] of cases) {
      const started = Date.now();
      expect(problem(name, text), name).toBe(`${name}:${place}: ${refusal}`);
      expect(Date.now() - started, name).toBeLessThan(1000);
    }
  });

  it("counts nesting exactly once parsed: 16 levels reach the schema, 17 do not", () => {
    const levels = (n: number): string => `name: t\nphases: ${"[".repeat(n - 1)}${"]".repeat(n - 1)}\n`;
    expect(problem("sixteen.yaml", levels(MAX_MISSION_NESTING))).toBe("sixteen.yaml:2:10: must be object");
    expect(problem("seventeen.yaml", levels(MAX_MISSION_NESTING + 1))).toBe(
      `seventeen.yaml:2:24: nested too deeply (a mission nests at most ${MAX_MISSION_NESTING} levels)`,
    );
  });

  it("does not count text as nesting: block scalars, comments and quoted text indented far in", () => {
    const far = " ".repeat(60);
    const text = [
      'name: "far',
      `${far}side"`,
      "description: |",
      ...Array.from({ length: 20 }, (_, i) => `  ${" ".repeat(i * 3)}- [[[[ text ${i}`),
      `${far}# a comment far in`,
      "phases:",
      "  - phase: self-test",
      `${far}# another`,
      "    steps:",
      "      - selftest: true",
      "      - wait: >-",
      `${far}1s`,
      "",
    ].join("\n");
    const file = path.join(dir, "text.yaml");
    writeFileSync(file, text);
    const { mission } = loadMission(file).compiled;
    expect(mission.name).toBe("far side");
    expect(mission.steps.map((step) => step.kind)).toEqual(["selftest", "wait"]);
  });
});
