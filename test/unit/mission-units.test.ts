// Units as people write them: any case, the usual spellings, speeds and rates in any of their
// parts' units; and a unit that does not fit says which ones do, at its line and column.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { loadMission } from "../../host-tools/src/mission/load";
import { parseQuantity, type Unit } from "../../host-tools/src/mission/quantity";

const dir = mkdtempSync(path.join(tmpdir(), "farside-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mission units", () => {
  it.each([
    ["300rpm", "rpm", 300],
    ["300 RPM", "rpm", 300],
    ["300Rpm", "rpm", 300],
    ["3s", "duration", 3000],
    ["3 sec", "duration", 3000],
    ["3 secs", "duration", 3000],
    ["3 seconds", "duration", 3000],
    ["3 Seconds", "duration", 3000],
    ["250MS", "duration", 250],
    ["2 min", "duration", 120_000],
    ["2 minutes", "duration", 120_000],
    ["64mm", "length", 64],
    ["64MM", "length", 64],
    ["4cm", "length", 40],
    ["4 CM", "length", 40],
    ["2mm/s", "rate", 2],
    ["0.2cm/s", "rate", 2],
    ["120mm/min", "rate", 2],
    ["2 mm / sec", "rate", 2],
    ["70deg", "angle", 70],
    ["70 degrees", "angle", 70],
    ["70°", "angle", 70],
    ["-20DEG", "angle", -20],
    ["90deg/s", "angular-speed", 90],
    ["90deg/sec", "angular-speed", 90],
    ["90 degrees/second", "angular-speed", 90],
    ["90°/s", "angular-speed", 90],
    ["600deg/min", "angular-speed", 10],
  ] as const)("reads %s as a %s of %d in its base unit", (text, unit, value) => {
    expect(parseQuantity(text, unit as Unit)).toBeCloseTo(value, 9);
  });

  it.each([
    ["2.5in", "length", 'unknown unit "in" for a depth: use mm or cm'],
    ["1.2rad", "angle", 'unknown unit "rad" for an angle: use deg'],
    ["3 hours", "duration", 'unknown unit "hours" for a duration: use ms, s or min'],
    ["2in/s", "rate", 'unknown unit "in/s" for a feed rate: use mm/s, mm/min, cm/s or cm/min'],
    ["90rad/s", "angular-speed", 'unknown unit "rad/s" for a speed: use deg/s or deg/min'],
    ["300hz", "rpm", 'unknown unit "hz" for a spin: use rpm'],
    // A length is not a rate: "4cm" is a depth, and a rate of it says what a rate takes.
    ["4cm", "rate", 'unknown unit "cm" for a feed rate: use mm/s, mm/min, cm/s or cm/min'],
  ] as const)("refuses %s as a %s, naming the units that fit", (text, unit, message) => {
    expect(parseQuantity(text, unit as Unit)).toBe(message);
  });

  it("says which units fit at the value's line and column, in one pass for every value", () => {
    const file = path.join(dir, "inches.yaml");
    writeFileSync(
      file,
      [
        "name: inches",
        "phases:",
        "  - phase: drilling",
        "    steps:",
        "      - spin: 300 RPM",
        "      - feed: { depth: 2.5in, rate: 0.2cm/s }",
        "      - hold: 3 seconds",
        "      - wait: 2 fortnights",
        "      - retract: true",
        "      - spin: 0rpm",
      ].join("\n"),
    );
    let message = "";
    try {
      loadMission(file);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      message = error.message;
    }
    expect(message.split("\n")).toEqual([
      `${file}:6:24: unknown unit "in" for a depth: use mm or cm`,
      `${file}:8:15: unknown unit "fortnights" for a duration: use ms, s or min`,
    ]);
  });
});
