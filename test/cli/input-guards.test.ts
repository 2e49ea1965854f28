// Bounded input through the built CLI: each bad input is one line on stderr, exit 2, no stack
// trace, in well under a second of the command's own time.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_MISSION_NESTING } from "../../host-tools/src/mission/nesting";
import { BOARDS_DIR } from "../../host-tools/src/paths";
import { startLogLine } from "../support/run-log";
import { farside } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "farside-guards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Uint8Array): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

/** Runs farside, expecting exactly one line on stderr and exit 2; returns that line. */
async function oneLine(...args: string[]): Promise<string> {
  const started = Date.now();
  const { code, out, err } = await farside(...args);
  expect({ code, out }).toEqual({ code: 2, out: "" });
  expect(err.endsWith("\n") && err.split("\n")).toHaveLength(2);
  expect(err).not.toMatch(/\bat .*\.js:\d+|internal error/);
  // Node's own start-up is most of this on a loaded machine.
  expect(Date.now() - started).toBeLessThan(5000);
  return err.trimEnd();
}

const MISSION = "name: t\nphases:\n  - phase: self-test\n    steps:\n      - selftest: true\n";

describe("bounded input", () => {
  it("validate refuses a FIFO, a device and a folder, saying which, without hanging", async () => {
    const fifo = path.join(dir, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(await oneLine("validate", fifo)).toBe(`farside: mission ${fifo} is a FIFO (named pipe), not a regular file`);
    expect(await oneLine("validate", "/dev/zero")).toBe(
      "farside: mission /dev/zero is a character device, not a regular file",
    );
    expect(await oneLine("validate", dir)).toBe(`farside: mission ${dir} is a folder, not a regular file`);
  });

  it("validate places a wait past the limit, a negative one, deep nesting, an emoji name, an alias bomb, UTF-16", async () => {
    const wait = file("wait.yaml", `${MISSION}      - wait: 61min\n`);
    expect(await oneLine("validate", wait)).toBe(
      `${wait}:6:15: duration 61min is outside what the lander takes: at most 60min (3600000ms) (split a longer wait into several wait steps)`,
    );
    const negative = file("negative.yaml", `${MISSION}      - wait: -1s\n`);
    expect(await oneLine("validate", negative)).toBe(`${negative}:6:15: a duration cannot be negative: -1s`);
    const nested = file("nested.yaml", `name: t\nphases: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`);
    expect(await oneLine("validate", nested)).toBe(
      `${nested}:2:24: nested too deeply (a mission nests at most ${MAX_MISSION_NESTING} levels)`,
    );
    const emoji = file("emoji.yaml", MISSION.replace("name: t", `name: ${"😀".repeat(64)}`));
    expect(await oneLine("validate", emoji)).toBe(
      `${emoji}:1:7: the name has "😀" (U+1F600): the lander keeps a name of printable ASCII only (spell it with ASCII letters, digits, spaces and punctuation)`,
    );
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [from, to] of [..."abcdefgh"].map((c, i) => [c, "abcdefghi"[i + 1]]))
      levels.push(`${to}: &${to} [${Array(9).fill(`*${from}`).join(", ")}]`);
    const bomb = file("bomb.yaml", `name: t\n${levels.join("\n")}\nphases: [*i]\n`);
    expect(await oneLine("validate", bomb)).toMatch(new RegExp(`^${bomb}:3:8: YAML aliases here expand to more than`));
    const utf16 = file("utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MISSION, "utf16le")]));
    expect(await oneLine("validate", utf16)).toMatch(new RegExp(`^${utf16}:1:1: the file is UTF-16 text`));
  });

  it("check-board names a key given twice at its line, and refuses a board that is a device", async () => {
    const text = readFileSync(path.join(BOARDS_DIR, "esp32-devkitc.json"), "utf8")
      .replace('"id": "esp32-devkitc"', '"id": "twice"')
      .replace('"minAngle": 10,', '"minAngle": 10, "minAngle": -180,');
    const twice = file("twice.json", text);
    const line = text.slice(0, text.indexOf('"minAngle": -180')).split("\n").length;
    expect(await oneLine("check-board", twice)).toMatch(
      new RegExp(`^farside: ${twice}:${line}:\\d+: /joints/shoulder: the key "minAngle" is given twice`),
    );
    const zero = path.join(dir, "zero.json");
    symlinkSync("/dev/zero", zero);
    expect(await oneLine("check-board", zero)).toBe(`farside: ${zero}: is a character device, not a regular file`);
  });

  it("check-board places a schema, a pin and a syntax problem at FILE:LINE:COL", async () => {
    const devkitc = readFileSync(path.join(BOARDS_DIR, "esp32-devkitc.json"), "utf8");
    const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split("\n").length;
    const maxUs = devkitc.replace('"id": "esp32-devkitc"', '"id": "max-us"').replace('"maxUs": 2389', '"maxUs": 9000');
    const big = file("max-us.json", maxUs);
    expect(await oneLine("check-board", big)).toMatch(
      new RegExp(`^farside: ${big}:${lineOf(maxUs, '"maxUs": 9000')}:\\d+: /joints/\\w+/maxUs: must be <= 2600$`),
    );
    const pin = devkitc.replace('"id": "esp32-devkitc"', '"id": "pin"').replace('"pin": 13', '"pin": 6');
    const flashPin = file("pin.json", pin);
    expect(await oneLine("check-board", flashPin)).toMatch(
      new RegExp(`^farside: ${flashPin}:${lineOf(pin, '"pin": 6')}:\\d+: /[\\w/]+/pin: GPIO6 belongs to`),
    );
    const broken = file("broken.json", '{\n  "id": "broken",,\n}\n');
    expect(await oneLine("check-board", broken)).toBe(
      `farside: ${broken}:2:18: not JSON: Expected double-quoted property name`,
    );
  });

  it("report -o LOG and run --log X --report X refuse before writing anything", async () => {
    const log = file("run.jsonl", `${startLogLine("kept")}\n`);
    expect(await oneLine("report", log, "-o", log)).toBe(
      `farside: the report ${log} would overwrite the run log ${log}: give -o another file`,
    );
    expect(readFileSync(log, "utf8")).toBe(`${startLogLine("kept")}\n`);
    const fresh = path.join(dir, "fresh.jsonl");
    expect(await oneLine("run", "--sim", "--mission", "missions/smoke.yaml", "--log", fresh, "--report", fresh)).toBe(
      `farside: --report ${fresh} is the run log itself (--log ${fresh}): give the report another file`,
    );
    expect(() => readFileSync(fresh)).toThrow(/ENOENT/);
  });
});
