// `farside run` as users run it: one command on the simulator that uploads, runs, logs and
// reports; a host that goes away mid-run; bad input in one line.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collect, startFarside, until, type Cli } from "../support/cli";

const start = (...args: string[]): Cli => startFarside(args);

describe("farside run", () => {
  let dir = "";
  const children: Cli[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `farside sim` (killed after the test) and returns the port it prints. */
  async function simulatorPort(speed: string): Promise<string> {
    const simProcess = start("sim", "--speed", speed, "--quiet");
    children.push(simProcess);
    const sim = collect(simProcess);
    await until(() => /lander port: (\S+)/.test(sim.out()));
    return /lander port: (\S+)/.exec(sim.out())![1]!;
  }

  it("--sim uploads a mission, runs it, and writes its log line by line and its report", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const log = path.join(dir, "smoke.jsonl");
    const run = collect(start("run", "--sim", "--mission", "missions/smoke.yaml", "--log", log, "--report"));
    const { code, err } = await run.done;
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(run.out()).toMatch(/uploaded "Smoke test, every actuator" \(\d+ bytes\)/);
    expect(run.out()).toMatch(/mission complete/);
    expect(run.out()).toContain(`report: ${path.join(dir, "smoke.html")}`);
    const lines = readFileSync(log, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; t: number });
    expect(lines[0]).toMatchObject({ type: "start", lastReset: "power-on" });
    expect(lines.at(-1)).toMatchObject({ type: "end", outcome: "complete" });
    expect(lines.filter((line) => line.type === "telemetry").length).toBeGreaterThan(50);
    expect(lines.some((line) => line.type === "world")).toBe(true);
    // The run armed the lander itself, after the upload and before the start.
    const commands = lines
      .filter((line) => line.type === "command")
      .map((line) => (line as { command?: string }).command);
    expect(commands.indexOf("arm")).toBeGreaterThan(commands.indexOf("upload"));
    expect(commands.indexOf("arm")).toBeLessThan(commands.indexOf("start"));
    // ...and disarmed it when the mission was over, before the log's end.
    expect(commands.at(-1)).toBe("disarm");
    const armedEvents = lines.filter((line) => line.type === "event" && (line as { event?: string }).event === "armed");
    expect(armedEvents.map((line) => (line as { value?: number }).value)).toEqual([1, 0]);
    // Written as they came: host times never go back.
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.t).toBeGreaterThanOrEqual(lines[i - 1]!.t);
    expect(readFileSync(path.join(dir, "smoke.html"), "utf8")).toContain("Smoke test, every actuator");
  });

  it("leaves the mission running when the host dies, and the log written so far makes a report", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const port = await simulatorPort("4");
    const log = path.join(dir, "killed.jsonl");
    const host = start("run", "--port", port, "--mission", "missions/smoke.yaml", "--log", log);
    const run = collect(host);
    await until(() => /phase drilling/.test(run.out()));
    host.kill("SIGKILL");
    await run.done;
    const written = readFileSync(log, "utf8").trimEnd().split("\n");
    expect(written.length).toBeGreaterThan(5);
    expect(written.some((line) => line.includes('"type":"end"'))).toBe(false);
    // The lander finishes alone.
    let status = "";
    for (let i = 0; i < 60 && !/complete/.test(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const probe = collect(start("status", "--port", port));
      await probe.done;
      status = probe.out();
    }
    expect(status).toMatch(/: complete, phase complete, fault none/);
    const report = collect(start("report", log));
    expect((await report.done).code).toBe(0);
    expect(readFileSync(path.join(dir, "killed.html"), "utf8")).toContain("the run was cut short");
  });

  it("upload stores a mission that a later run starts, and monitor shows the lander live", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const port = await simulatorPort("max");
    const upload = collect(start("upload", "missions/smoke.yaml", "--port", port));
    expect((await upload.done).code).toBe(0);
    expect(upload.out()).toMatch(
      /^uploaded "Smoke test, every actuator" to esp32-devkitc: \d+ bytes in \d+ chunks, CRC-32 [0-9a-f]{8}/,
    );
    const run = collect(start("run", "--port", port, "--log", path.join(dir, "later.jsonl")));
    expect((await run.done).code).toBe(0);
    // The smoke mission, not the built-in one: it has no scooping phase.
    expect(run.out()).toMatch(/phase liftoff/);
    expect(run.out()).not.toMatch(/phase scooping/);
    const monitorProcess = start("monitor", "--port", port);
    children.push(monitorProcess);
    const monitor = collect(monitorProcess);
    await until(() => (monitor.out().match(/ s {2}complete/g) ?? []).length >= 2);
    monitorProcess.kill("SIGINT");
    // Ctrl-C ends it as shells expect of a signalled program: 128 + SIGINT.
    expect((await monitor.done).code).toBe(130);
    expect(monitor.out()).toMatch(/joints 20\/160\/90\/10° {2}drill 0\.0 mm 0 rpm/);
  });

  it("replay sends each step at its scripted time through the relay delay, the host keeping time", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const file = path.join(dir, "short.yaml");
    writeFileSync(
      file,
      "name: short\nphases:\n  - phase: self-test\n    steps:\n      - selftest: true\n      - pose: { name: ready, speed: 45deg/s }\n      - wait: 1s\n      - pose: stow\n",
    );
    const log = path.join(dir, "replay.jsonl");
    // At --speed 1 the lockstep simulator never runs ahead of the wall clock, so the log's host
    // times bound the lander's from above.
    const child = start("replay", file, "--sim", "--speed", "1", "--relay-delay", "500ms", "--log", log, "--ui");
    children.push(child);
    const replay = collect(child);
    await until(() => /dashboard: still serving/.test(replay.out()));
    child.kill("SIGINT");
    const { code, err } = await replay.done;
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(replay.out()).toMatch(/through a 0\.5 s relay/);
    expect(replay.out()).toMatch(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/m);
    expect(replay.out()).toMatch(
      /replay complete\nstep dispatch against the script: median \d+ ms late, 99th percentile \d+ ms \(3 steps\)/,
    );
    const sent = readFileSync(log, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; t: number; command?: string })
      .filter(
        (line) =>
          line.type === "command" &&
          (line.command === "arm" || line.command === "disarm" || line.command?.startsWith("step")),
      );
    expect(sent.shift()?.command).toBe("arm");
    expect(sent.pop()?.command).toBe("disarm");
    expect(sent.map((line) => line.command)).toEqual(["step 0 selftest", "step 1 pose", "step 3 pose"]);
    // Nothing leaves before the relay delay; the last pose waits for the first (70° at 45°/s) and the 1 s wait.
    expect(sent[0]!.t).toBeGreaterThanOrEqual(500);
    expect(sent[2]!.t - sent[1]!.t).toBeGreaterThanOrEqual(2500);
    const tooLong = collect(start("replay", file, "--sim", "--relay-delay", "2s"));
    expect(await tooLong.done).toEqual({
      code: 2,
      err: "farside: --relay-delay 2s: at most 1.4s, or the lander stops for a lost host\n",
    });
  });

  it("replay shows the same progress bar as run, and both refuse a --progress they do not know", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const file = path.join(dir, "short.yaml");
    writeFileSync(
      file,
      "name: short\nphases:\n  - phase: self-test\n    steps:\n      - selftest: true\n      - pose: { name: ready, speed: 60deg/s }\n      - pose: stow\n",
    );
    const child = start("replay", file, "--sim", "--progress", "bar", "--log", path.join(dir, "bar.jsonl"));
    const replay = collect(child);
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    expect((await replay.done).code).toBe(0);
    expect(err).toMatch(/step 3\/3 \| last step \| [\d.]+ s elapsed \| [\d.]+ s (to go|over the estimate)/);
    expect(replay.out()).toMatch(/replay complete/);
    expect(replay.out()).not.toMatch(/ phase self-test/);
    for (const command of ["run", "replay"]) {
      const args = command === "run" ? ["run", "--sim"] : ["replay", file, "--sim"];
      expect(await collect(start(...args, "--progress", "dots")).done).toEqual({
        code: 2,
        err: 'farside: --progress takes bar or lines, not "dots"\n',
      });
    }
  });

  it("shows a progress bar with phase, step, elapsed and remaining time", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const child = start("run", "--sim", "--speed", "5", "--mission", "missions/smoke.yaml", "--progress", "bar");
    const run = collect(child);
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    expect((await run.done).code).toBe(0);
    expect(err).toMatch(
      /step \d+\/21 \| (self-test|drilling|sealing|flag|liftoff) \| [\d.]+ s elapsed \| [\d.]+ s (to go|over the estimate)/,
    );
    // Lines a script reads stay on stdout, without the phase-by-phase chatter the bar replaces.
    expect(run.out()).toMatch(/mission complete/);
    expect(run.out()).not.toMatch(/ phase self-test/);
  });

  it("--ui serves the dashboard while the mission runs and after it, until Ctrl-C", async () => {
    // At --speed max the mission is over in a second: the page must outlive it.
    const child = start("run", "--sim", "--mission", "missions/smoke.yaml", "--ui", "--progress", "lines");
    children.push(child);
    const run = collect(child);
    await until(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32})/.test(run.out()));
    const url = /dashboard: (\S+)/.exec(run.out())![1]!;
    await until(() => /mission complete/.test(run.out()));
    expect(run.out()).toContain(`dashboard: still serving ${url} (Ctrl-C to stop)`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("E-STOP");
    const { origin, searchParams } = new URL(url);
    const events = await fetch(`${origin}/events?token=${searchParams.get("token")}`);
    const reader = events.body!.getReader();
    let text = "";
    while (!/event: telemetry/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/^event: info\ndata: \{"board":\{"id":"esp32-devkitc"/);
    expect(text).toContain('"mission":{"name":"Smoke test, every actuator","steps":21');
    child.kill("SIGINT");
    // Ctrl-C only closed the page: the exit status is the mission's.
    expect(await run.done).toMatchObject({ code: 0, err: "" });
  });

  it("refuses bad input in one line with exit code 2, mission errors as FILE:LINE:COL", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-run-"));
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(bad, "name: x\nphases:\n  - phase: drilling\n    steps:\n      - spin: 9000rpm\n");
    const mission = collect(start("run", "--sim", "--mission", bad));
    const { code, err } = await mission.done;
    expect(code).toBe(2);
    expect(err.trim()).toBe(`${bad}:5:15: the drill spins at most 600rpm`);
    const both = collect(start("run", "--sim", "--port", "/dev/ttyUSB0"));
    expect(await both.done).toEqual({ code: 2, err: "farside: give --port PATH or --sim, not both\n" });
    expect(existsSync(path.join(dir, "runs"))).toBe(false);
  });
});
