// Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group, farside's helpers
// (xsnap-worker, socat) included unless they left it. Every --sim command must stop in order, exit
// 130 with its log whole, and leave no helper process or temp folder behind.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collect, startFarside, until, type Cli } from "../support/cli";

function childPids(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("Ctrl-C in a terminal", () => {
  let dir = "";
  let child: Cli | undefined;
  afterEach(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    child = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    // The simulator in process (in lockstep, or at real time for those that watch): its one
    // helper is xsnap-worker.
    ["run --sim", ["run", "--sim", "--speed", "2", "--mission", "missions/smoke.yaml"], /phase self-test/, true, false],
    ["replay --sim", ["replay", "missions/smoke.yaml", "--sim", "--speed", "2"], /phase self-test/, true, false],
    ["monitor --sim", ["monitor", "--sim"], /Ctrl-C to stop watching/, false, false],
    ["dashboard --sim", ["dashboard", "--sim"], /Ctrl-C to stop/, false, false],
    // On a pty for other programs: xsnap-worker and socat.
    ["dashboard --sim --pty", ["dashboard", "--sim", "--pty"], /Ctrl-C to stop/, false, true],
    ["sim", ["sim"], /lander port: /, false, true],
  ] as const)("%s stops in order, exits 130, and leaves nothing behind", async (_, args, ready, flies, pty) => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-ctrlc-"));
    const temp = path.join(dir, "tmp");
    execFileSync("mkdir", [temp]);
    const log = path.join(dir, "run.jsonl");
    // Its own process group, as a shell gives a foreground job, so the group can be signalled.
    child = startFarside([...args, ...(flies ? ["--log", log] : [])], {
      detached: true,
      env: { ...process.env, TMPDIR: temp },
    });
    const output = collect(child);
    await until(() => ready.test(output.out()));
    const pid = child.pid!;
    const helpers = childPids(pid);
    const names = helpers.map((helper) => readFileSync(`/proc/${helper}/comm`, "utf8").trim()).sort();
    expect(names).toEqual(pty ? ["socat", "xsnap-worker"] : ["xsnap-worker"]);
    process.kill(-pid, "SIGINT");
    const { code, err } = await output.done;
    const out = output.out();
    expect(code).toBe(130);
    expect(err).toBe("");
    expect(out).not.toMatch(/Error|\n\s+at /);
    if (flies) {
      expect(out.trimEnd().split("\n").at(-1)).toMatch(/^aborted: lander safe; log: \S+ \(\d+ lines\)$/);
      const lines = readFileSync(log, "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as { type: string; command?: string; result?: string; outcome?: string });
      expect(lines).toContainEqual(expect.objectContaining({ type: "command", command: "abort", result: "ok" }));
      expect(lines.at(-1)).toMatchObject({ type: "end", outcome: "aborted" });
    }
    await until(() => helpers.every((helper) => !alive(helper)), 5000);
    expect(readdirSync(temp)).toEqual([]);
  });
});
