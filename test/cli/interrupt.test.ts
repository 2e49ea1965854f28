// Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group, farside's helpers
// (xsnap-worker, socat) included unless they left it. Every --sim command must stop in order, exit
// 130 with its log whole, and leave no helper process or temp folder behind.
import { execFileSync, spawn, type ChildProcessByStdio } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";

const CLI = path.join(REPO_ROOT, "dist", "farside.js");

type Cli = ChildProcessByStdio<null, Readable, Readable>;

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

async function until(check: () => boolean, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
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
    ["run --sim", ["run", "--sim", "--speed", "2", "--mission", "missions/smoke.yaml"], /phase self-test/, true],
    ["replay --sim", ["replay", "missions/smoke.yaml", "--sim"], /phase self-test/, true],
    ["monitor --sim", ["monitor", "--sim"], /Ctrl-C to stop watching/, false],
    ["dashboard --sim", ["dashboard", "--sim"], /Ctrl-C to stop/, false],
    ["sim", ["sim"], /lander port: /, false],
  ] as const)("%s stops in order, exits 130, and leaves nothing behind", async (_, args, ready, flies) => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-ctrlc-"));
    const temp = path.join(dir, "tmp");
    execFileSync("mkdir", [temp]);
    const log = path.join(dir, "run.jsonl");
    // Its own process group, as a shell gives a foreground job, so the group can be signalled.
    child = spawn(process.execPath, [CLI, ...args, ...(flies ? ["--log", log] : [])], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: { ...process.env, TMPDIR: temp },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    await until(() => ready.test(out));
    const pid = child.pid!;
    const helpers = childPids(pid);
    expect(helpers.length, "xsnap-worker and socat").toBeGreaterThanOrEqual(2);
    process.kill(-pid, "SIGINT");
    expect(await exited).toBe(130);
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
