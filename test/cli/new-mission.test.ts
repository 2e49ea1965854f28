// `farside new mission NAME` as a newcomer runs it: a commented file that validates without a
// warning and, flown on the simulator, fills the container; never over a file already there.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";

let dir = "";

function farside(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "farside.js"), ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("farside new mission", () => {
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-new-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes NAME.yaml here, which validates cleanly and fills the container on the simulator", () => {
    const made = farside("new", "mission", "first");
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^wrote first\.yaml: \d+ steps for esp32-devkitc\n/);
    const text = readFileSync(path.join(dir, "first.yaml"), "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S*missions\/mission\.schema\.json\n/);
    expect(text).toMatch(/^name: "first"$/m);
    const checked = farside("validate", "first.yaml");
    // No warning either: those go to stderr.
    expect(checked.err).toBe("");
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/^first\.yaml: ok: "first", \d+ steps in 7 phases/);
    const log = path.join(dir, "first.jsonl");
    const run = farside("run", "--sim", "--mission", "first.yaml", "--log", log, "--progress", "lines");
    expect(run.code, run.err).toBe(0);
    const world = readFileSync(log, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; containerG?: number; spilledG?: number; scoops?: number })
      .find((line) => line.type === "world");
    expect(world?.containerG).toBeGreaterThan(10);
    expect(world?.spilledG).toBe(0);
    expect(world?.scoops).toBe(2);
  });

  it("takes a path and a board, and writes for that board", () => {
    mkdirSync(path.join(dir, "missions", "local"), { recursive: true });
    const made = farside("new", "mission", "missions/local/dig.yaml", "--board", "xiao-esp32s3");
    expect(made.code, made.err).toBe(0);
    expect(readFileSync(path.join(dir, "missions", "local", "dig.yaml"), "utf8")).toMatch(/^board: xiao-esp32s3$/m);
    const checked = farside("validate", "missions/local/dig.yaml");
    expect(checked.err).toBe("");
    expect(checked.out).toMatch(/on xiao-esp32s3/);
  });

  it("refuses to overwrite, a missing folder and anything but a mission: one line each, exit 2", () => {
    writeFileSync(path.join(dir, "mine.yaml"), "name: mine\n");
    for (const [args, message] of [
      [["new", "mission", "mine"], "farside: mine.yaml already exists: give another name, or move it away first\n"],
      [["new", "mission", "no/such/dir/x"], "farside: no/such/dir/x.yaml: folder no/such/dir does not exist\n"],
      [["new", "mission", "x", "--board", "nope"], expect.stringMatching(/^farside: .*nope\.json: no such board file/)],
      [
        ["new", "board", "x"],
        expect.stringMatching(/^farside: .*'board' is invalid.*mission.*\(farside new --help\)\n$/),
      ],
    ] as const) {
      const { code, out, err } = farside(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(out).toBe("");
      expect(err).toEqual(message);
      expect(err.trimEnd().split("\n")).toHaveLength(1);
    }
    expect(readFileSync(path.join(dir, "mine.yaml"), "utf8")).toBe("name: mine\n");
    expect(existsSync(path.join(dir, "x.yaml"))).toBe(false);
  });

  it("prints validate's warnings as FILE:LINE:COL and still exits 0", () => {
    writeFileSync(
      path.join(dir, "shut.yaml"),
      [
        "name: shut",
        "phases:",
        "  - phase: scooping",
        "    steps:",
        "      - pose: site1",
        "      - joint: { scoop: 70deg }",
        "      - pose: stow",
      ].join("\n"),
    );
    const { code, out, err } = farside("validate", "shut.yaml");
    expect(code).toBe(0);
    expect(err).toMatch(/^shut\.yaml:6:9: warning: the lid never opens: nothing collected reaches the container/);
    expect(out).toMatch(/^shut\.yaml: ok: "shut"/);
  });
});
