// `--sim` flights run in lockstep with the simulator: the host's timers on the lander's clock.
// So the same seed and mission give the same log at any speed, and every time a user reads is
// lander time from the mission's start.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collect, startFarside } from "../support/cli";

/** A log without what only the host's wall clock says: each line's `t` and the start's date. */
function landerSide(log: string): string {
  return readFileSync(log, "utf8")
    .replace(/"t":\d+,/g, "")
    .replace(/"started":"[^"]*"/, "");
}

describe("run --sim in lockstep", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "farside-lockstep-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same log at --speed max, 10 and 5, and prints lander time from the mission's start", async () => {
    const runs = await Promise.all(
      ["max", "10", "5"].map(async (speed) => {
        const log = path.join(dir, `smoke-${speed}.jsonl`);
        const args = ["run", "--sim", "--seed", "1", "--speed", speed, "--mission", "missions/smoke.yaml"];
        const { code, err } = await collect(startFarside([...args, "--log", log, "--progress", "lines"])).done;
        expect(err).toBe("");
        expect(code).toBe(0);
        return { log, speed };
      }),
    );
    const [first, ...others] = runs.map(({ log }) => landerSide(log));
    expect(first).toMatch(/"type":"end","outcome":"complete"/);
    for (const other of others) expect(other).toBe(first);
  }, 60_000);

  it("starts its clock at the mission's start and ends it when the lander said it ended", async () => {
    const run = collect(
      startFarside(["run", "--sim", "--mission", "missions/smoke.yaml", "--log", path.join(dir, "lines.jsonl")]),
    );
    const { code } = await run.done;
    expect(code).toBe(0);
    const lines = run.out().split("\n");
    expect(lines).toContain("    0.0 s  phase self-test");
    const complete = lines.find((line) => line.endsWith("phase complete"))?.split("  phase")[0];
    expect(complete).toMatch(/^\s+\d+\.\d s$/);
    expect(lines).toContain(`${complete}  mission complete`);
    // The lander's own clock had run through its boot and the upload before the mission started.
    const log = readFileSync(path.join(dir, "lines.jsonl"), "utf8");
    const firstPhase = /"event":"phase","value":1,"name":"self-test","landerMs":(\d+)/.exec(log);
    expect(Number(firstPhase?.[1])).toBeGreaterThan(0);
  });
});
