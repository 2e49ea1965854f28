// The simulator dying under `farside run --port`, or its engine under `run --sim`: the host says
// the link went away (not that the lander does not speak farside) and what died, ends its log
// with outcome "lost", and exits 2 in one line.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collect, startFarside, until, type Cli } from "../support/cli";

function start(...args: string[]): { child: Cli } & ReturnType<typeof collect> {
  const child = startFarside(args);
  return { child, ...collect(child) };
}

describe("a link that dies mid-run", () => {
  let dir = "";
  const children: Cli[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ends the run's log as lost and says the link went away, in one line", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-lost-"));
    const sim = start("sim", "--speed", "2", "--quiet");
    children.push(sim.child);
    await until(() => /lander port: (\S+)/.test(sim.out()));
    const port = /lander port: (\S+)/.exec(sim.out())![1]!;
    const log = path.join(dir, "lost.jsonl");
    const run = start("run", "--port", port, "--log", log);
    children.push(run.child);
    await until(() => /phase self-test/.test(run.out()));
    sim.child.kill("SIGKILL");
    const { code, err } = await run.done;
    expect(code).toBe(2);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toMatch(
      /^farside: lost the link to the lander while waiting for \w+.*: the simulator or the USB cable went away; log: \S+ \(\d+ lines\)\n$/,
    );
    const last = JSON.parse(readFileSync(log, "utf8").trimEnd().split("\n").at(-1)!) as object;
    expect(last).toMatchObject({ type: "end", outcome: "lost" });
  });

  it("names the simulator's XS engine when it dies under run --sim", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-lost-"));
    const log = path.join(dir, "lost.jsonl");
    const run = start("run", "--sim", "--speed", "2", "--mission", "missions/smoke.yaml", "--log", log);
    children.push(run.child);
    await until(() => /phase self-test/.test(run.out()));
    const engine = execFileSync("pgrep", ["-P", String(run.child.pid), "xsnap-worker"], { encoding: "utf8" }).trim();
    process.kill(Number(engine), "SIGKILL");
    const { code, err } = await run.done;
    expect(code).toBe(2);
    expect(err).toMatch(
      /^farside: lost the link to the lander while waiting for \w+.* \(the simulator's XS engine stopped \(.+\)\): .*; log: \S+ \(\d+ lines\)\n$/,
    );
    const last = JSON.parse(readFileSync(log, "utf8").trimEnd().split("\n").at(-1)!) as object;
    expect(last).toMatchObject({ type: "end", outcome: "lost" });
  });
});
