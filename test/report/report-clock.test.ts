// A real run at --speed max, through the built CLI: the simulated lander's clock runs far ahead
// of the host's, and the report it writes counts the lander's.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { duration } from "../../host-tools/src/labels";
import type { LogLine } from "../../host-tools/src/runlog/format";
import { farside } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "farside-report-clock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the report of a run at --speed max", () => {
  it("gives the mission's duration on the lander's clock, not the host's", async () => {
    const log = path.join(dir, "smoke.jsonl");
    const html = path.join(dir, "smoke.html");
    const run = await farside(
      "run",
      "--sim",
      "--mission",
      "missions/smoke.yaml",
      "--speed",
      "max",
      "--log",
      log,
      "--report",
      html,
    );
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    const lines = readFileSync(log, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as LogLine);
    const mode = (name: string): number => {
      const line = lines.find((l) => l.type === "event" && l.event === "mode" && l.name === name);
      if (line?.type !== "event") throw new Error(`no mode ${name} in the log`);
      return line.landerMs;
    };
    const landerMs = mode("complete") - mode("running");
    const hostMs = lines.at(-1)!.t - lines[0]!.t;
    // The premise: the two clocks really disagree here (at --speed max the host takes about a second).
    expect(Math.abs(landerMs - hostMs)).toBeGreaterThan(5000);
    expect(readFileSync(html, "utf8")).toContain(`<b>Duration:</b> <span id="duration">${duration(landerMs)}</span>`);
  }, 60_000);
});
