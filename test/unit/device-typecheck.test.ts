// The firmware type-checks as mcconfig checks it before an ESP32 build: each module alone,
// with the SDK's typings and nothing else of the project's that main.ts does not reference.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script has no type declarations.
import { deviceTypecheck } from "../../scripts/device-typecheck.mjs";

type Check = (options?: { overrides?: Map<string, string> }) => string[];
const check = deviceTypecheck as Check;
const firmware = (file: string): string => path.resolve("firmware", file);

/** The check's problems with one firmware file's text changed by `edit`, which must change it (and remove `gone`). */
function problemsWith(file: string, edit: (text: string) => string, gone?: string): string[] {
  const text = readFileSync(firmware(file), "utf8");
  const edited = edit(text);
  expect(edited).not.toBe(text);
  if (gone !== undefined) expect(edited).not.toContain(gone);
  return check({ overrides: new Map([[firmware(file), edited]]) });
}

describe("the device build's type-check", () => {
  it("passes for every module the manifest lists", () => {
    expect(check()).toEqual([]);
  }, 120_000);

  it("fails when main.ts stops referencing the typings of the SDK's untyped resetReason module", () => {
    const problems = problemsWith(
      "main.ts",
      (text) => text.replace(/^\/\/\/ <reference path="\.\/typings\/reset-reason\.d\.ts" \/>$/m, ""),
      'reset-reason.d.ts"',
    );
    expect(problems.some((p) => p.startsWith("firmware/main.ts(") && p.includes("'resetReason'"))).toBe(true);
  }, 120_000);

  it("checks main.ts against the firmware's own provider, which the manifest maps in place of the SDK's", () => {
    const problems = problemsWith(
      "provider/builtin.ts",
      (text) => text.replace(/Serial \}/, "}").replace(/\) satisfies DeviceProvider;/, ");"),
      "Serial }",
    );
    expect(problems.some((p) => p.startsWith("firmware/main.ts(") && p.includes("Serial"))).toBe(true);
  }, 120_000);

  it("fails when a firmware module reaches for a Node API", () => {
    const problems = problemsWith(
      "arm/arm.ts",
      (text) => `${text}\nimport { readFileSync } from "node:fs";\nexport const read = readFileSync;\n`,
    );
    expect(problems.some((p) => p.startsWith("firmware/arm/arm.ts("))).toBe(true);
  }, 120_000);
});
