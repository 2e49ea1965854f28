// `farside sim` in one process and `farside run` in another, as a user runs them in two
// terminals; and the one-line failures of bad options.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { startFarside, type Cli } from "../support/cli";

const start = (...args: string[]): Cli => startFarside(args);

function finish(child: Cli): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

/** Waits for a line matching `pattern` on the child's stdout and returns its match. */
function waitForLine(child: Cli, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) {
        child.stdout.off("data", onData);
        resolve(match);
      }
    };
    child.stdout.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code} before ${pattern}: ${out}`)));
  });
}

describe("farside sim", () => {
  let sim: Cli | undefined;
  let dir: string | undefined;
  afterEach(() => {
    sim?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prints a port that a second process runs the whole mission through, at --speed max", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-test-"));
    const link = path.join(dir, "lander");
    sim = start("sim", "--speed", "max", "--seed", "4", "--link", link);
    const [, port] = await waitForLine(sim, /lander port: (\S+)/);
    expect(port).toBe(link);
    const armed = waitForLine(sim, /\d s {2}armed$/m);
    const phases = waitForLine(sim, /phase liftoff/);
    const disarmed = waitForLine(sim, /\d s {2}disarmed$/m);
    const { code, out, err } = await finish(start("run", "--port", link, "--log", path.join(dir, "run.jsonl")));
    expect(err).toBe("");
    expect(out).toMatch(/^esp32-devkitc firmware 0\.2, protocol 5\.0, last reset: power-on\n/);
    expect(out).toMatch(/phase drilling/);
    expect(out).toMatch(/mission complete\n/);
    expect(code).toBe(0);
    // The simulator's own log saw the mission too, armed by the run and disarmed when it ended.
    await armed;
    await phases;
    await disarmed;
  });

  it("--quiet prints the port's line alone, through a whole mission run against it, and nothing when stopped", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-test-"));
    const link = path.join(dir, "lander");
    sim = start("sim", "--speed", "max", "--quiet", "--link", link);
    const simulated = finish(sim);
    await waitForLine(sim, /lander port: (\S+)/);
    const run = await finish(start("run", "--port", link, "--log", path.join(dir, "run.jsonl")));
    expect(run.code).toBe(0);
    sim.kill("SIGINT");
    const { code, out } = await simulated;
    expect(code).toBe(130); // Ctrl-C's usual status
    expect(out).toBe(`lander port: ${link}  (115200 baud)\n`);
  });

  it("injects a scheduled fault: a brownout mid-mission ends the run, which --continue finishes", async () => {
    // Twenty times real time: the run has uploaded and started its mission well before the
    // brownout at 60 s of lander time (3 s of ours), a third of the way through it.
    sim = start("sim", "--speed", "20", "--fault", "brownout@60");
    const [, port] = await waitForLine(sim, /lander port: (\S+)/);
    dir = mkdtempSync(path.join(tmpdir(), "farside-test-"));
    const log = (name: string): string[] => ["--log", path.join(dir!, `${name}.jsonl`)];
    const change6 = path.join(REPO_ROOT, "missions", "change6.yaml");
    const first = await finish(start("run", "--port", port!, "--mission", change6, ...log("first")));
    expect(first.out).toContain(
      `FAULT interrupted (the lander reset: brownout): check the battery and the supply, then farside run --continue --port ${port}\n`,
    );
    expect(first.code).toBe(1);
    // Another mission file would overwrite the checkpoint: refused before anything is uploaded.
    const smoke = path.join(REPO_ROOT, "missions", "smoke.yaml");
    const other = await finish(start("run", "--port", port!, "--continue", "--mission", smoke, ...log("other")));
    expect(other.code).toBe(2);
    expect(other.err.trim().split("\n")).toHaveLength(1);
    expect(other.err).toMatch(/smoke\.yaml is not the mission the lander was interrupted in: /);
    expect(other.out).not.toMatch(/uploaded/);
    // The same file again keeps the checkpoint: it is uploaded, then continued.
    const second = await finish(start("run", "--port", port!, "--continue", "--mission", change6, ...log("second")));
    expect(second.out).toMatch(/last reset: brownout/);
    expect(second.out).toMatch(/continuing the interrupted mission after step [1-9]\d*/);
    expect(second.out).toMatch(/mission complete\n/);
    expect(second.code).toBe(0);
    // Nothing left to continue now.
    const third = await finish(start("run", "--port", port!, "--continue", ...log("third")));
    expect(third.code).toBe(2);
    expect(third.err).toMatch(/^farside: nothing to continue: the lander holds no interrupted mission/);
  });

  it("takes its socat with it however it ends, kill -9 included: no pty pair outlives it", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-test-"));
    const link = path.join(dir, "lander");
    sim = start("sim", "--link", link);
    await waitForLine(sim, /lander port: /);
    const socats = (): string => {
      try {
        return execFileSync("pgrep", ["-f", `link=${link}`], { encoding: "utf8" }).trim();
      } catch {
        return "";
      }
    };
    expect(socats()).toMatch(/^\d+$/);
    sim.kill("SIGKILL");
    for (let i = 0; i < 40 && socats() !== ""; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socats()).toBe("");
  });

  it("leaves a lander another host set flying alone: a second run refuses in one line and disarms nothing", async () => {
    sim = start("sim");
    const [, port] = await waitForLine(sim, /lander port: (\S+)/);
    dir = mkdtempSync(path.join(tmpdir(), "farside-test-"));
    const first = start("run", "--port", port!, "--log", path.join(dir, "first.jsonl"));
    await waitForLine(first, /phase /);
    // The first host dies without a word, as a killed terminal does; the lander flies on.
    first.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await finish(start("run", "--port", port!, "--log", path.join(dir, "second.jsonl")));
    expect(second.code).toBe(2);
    expect(second.out).toBe("");
    expect(second.err.trim().split("\n")).toHaveLength(1);
    expect(second.err).toMatch(
      /the lander is already flying \(running, .* at step \d+\): leave it be, or watch it with farside monitor --port /,
    );
    // A replay is refused the same way, at once: it does not wait silently for the lander.
    const smoke = path.join(REPO_ROOT, "missions", "smoke.yaml");
    const replay = await finish(start("replay", smoke, "--port", port!, "--log", path.join(dir, "replay.jsonl")));
    expect(replay.code).toBe(2);
    expect(replay.err.trim().split("\n")).toHaveLength(1);
    expect(replay.err).toMatch(/the lander is already flying \(running, /);
    const status = await finish(start("status", "--port", port!));
    expect(status.out).toMatch(/: running, phase .*, ARMED,/);
  });

  it.each([
    [["--speed", "0"], 'farside: --speed must be a positive number or "max", not "0"'],
    [
      ["--fault", "jam:knee@3"],
      'farside: --fault "jam:knee@3": unknown servo "knee" (one of shoulder, elbow, wrist, scoop, lid, flag, feed)',
    ],
    [
      ["--fault", "melt@1"],
      'farside: --fault "melt@1": unknown fault "melt" (jam:<servo>, stall, brownout, reset, disconnect, reconnect)',
    ],
    [["--drop", "2"], "farside: --drop must be a probability from 0 to below 1, not 2"],
    [["--board", "nope"], undefined],
  ])("refuses %j in one line with exit code 2", async (args, line) => {
    const { code, out, err } = await finish(start("sim", ...args));
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.trim().split("\n")).toHaveLength(1);
    if (line) expect(err.trim()).toBe(line);
  });
});
