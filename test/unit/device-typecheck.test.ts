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

describe("the device build's type-check", () => {
  it("passes for every module the manifest lists", () => {
    expect(check()).toEqual([]);
  }, 120_000);

  it("fails when main.ts stops referencing the typings of the SDK's untyped resetReason module", () => {
    const main = firmware("main.ts");
    const text = readFileSync(main, "utf8").replace(
      /^\/\/\/ <reference path="\.\/typings\/reset-reason\.d\.ts" \/>$/m,
      "",
    );
    expect(text).not.toContain('reset-reason.d.ts"');
    const problems = check({ overrides: new Map([[main, text]]) });
    expect(problems.some((p) => p.startsWith("firmware/main.ts(") && p.includes("'resetReason'"))).toBe(true);
  }, 120_000);

  it("checks main.ts against the firmware's own provider, which the manifest maps in place of the SDK's", () => {
    const provider = firmware("provider/builtin.ts");
    const text = readFileSync(provider, "utf8")
      .replace(/Serial \}/, "}")
      .replace(/\) satisfies DeviceProvider;/, ");");
    expect(text).not.toContain("Serial }");
    const problems = check({ overrides: new Map([[provider, text]]) });
    expect(problems.some((p) => p.startsWith("firmware/main.ts(") && p.includes("Serial"))).toBe(true);
  }, 120_000);

  it("fails when a firmware module reaches for a Node API", () => {
    const arm = firmware("arm/arm.ts");
    const text = `${readFileSync(arm, "utf8")}\nimport { readFileSync } from "node:fs";\nexport const read = readFileSync;\n`;
    const problems = check({ overrides: new Map([[arm, text]]) });
    expect(problems.some((p) => p.startsWith("firmware/arm/arm.ts("))).toBe(true);
  }, 120_000);
});
