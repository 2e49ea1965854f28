// One port, many watchers: `farside run` holds the simulated lander's pseudo-terminal and serves
// it on its socket; `monitor` and `status` in other processes (and a client in this one) attach
// there instead of failing busy, see the flight, may stop it, and may not move it.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openClient, serialLink } from "../../host-tools/src/cli/lander-link";
import type { LanderClient } from "../../host-tools/src/link/lander-client";
import { ensureWatcherDir, watcherSocketPath } from "../../host-tools/src/link/watcher-socket-path";
import { collect, startFarside, startTypedFarside, until, type Cli, type TypedCli } from "../support/cli";

describe("watchers attached to the farside that holds the port", () => {
  let dir = "";
  let env: NodeJS.ProcessEnv = {};
  const savedRuntime = process.env.XDG_RUNTIME_DIR;
  const children: Cli[] = [];
  const typed: TypedCli[] = [];
  let watcher: LanderClient | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-watchers-"));
    // Each test's sockets in a folder of its own, for this process and the ones it starts.
    process.env.XDG_RUNTIME_DIR = path.join(dir, "runtime");
    env = { ...process.env };
  });
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    for (const child of [...children.splice(0), ...typed.splice(0)]) child.kill("SIGKILL");
    process.env.XDG_RUNTIME_DIR = savedRuntime;
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (...args: string[]): ReturnType<typeof collect> & { child: Cli } => {
    const child = startFarside(args, { env });
    children.push(child);
    return { child, ...collect(child) };
  };
  const farside = async (...args: string[]): Promise<{ code: number | null; out: string; err: string }> => {
    const run = start(...args);
    const { code, err } = await run.done;
    return { code, out: run.out(), err };
  };

  async function simulatorPort(): Promise<string> {
    const sim = start("sim", "--speed", "2", "--quiet");
    await until(() => /lander port: (\S+)/.test(sim.out()));
    return /lander port: (\S+)/.exec(sim.out())![1]!;
  }

  async function socketFor(port: string): Promise<string> {
    return watcherSocketPath(port, await ensureWatcherDir(path.join(dir, "runtime", "farside")));
  }

  it("see the run, stop it with an e-stop, and are refused motion in one line", async () => {
    const port = await simulatorPort();
    const run = start("run", "--port", port, "--mission", "missions/smoke.yaml", "--log", path.join(dir, "run.jsonl"));
    await until(() => /phase self-test/.test(run.out()));

    const socket = await socketFor(port);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);

    // status attaches: it answers from the holder's session and sees the flight.
    const status = await farside("status", "--port", port);
    expect(status.err).toBe("");
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^esp32-devkitc firmware \S+ protocol 5\.0: running, phase \S+, fault none, ARMED/);

    // monitor attaches and streams the lander's telemetry while run flies.
    const monitor = start("monitor", "--port", port);
    await until(() => /running\s+\S+\s+step\s+\d+/.test(monitor.out()));

    // A watcher in this process: a motion command is refused by the holder, with why.
    watcher = await openClient(serialLink(port), 115200, "watch");
    await watcher.connect({ watch: false });
    await expect(watcher.start()).rejects.toThrow(
      /^lander refused start: farside run \(pid \d+\) holds this port, motion refused: a watcher may only stop the lander \(EStop, Abort, Pause, Disarm\); attach with --drive and arm to drive it$/,
    );
    await expect(watcher.arm()).rejects.toThrow(/farside run \(pid \d+\) holds this port, arm refused/);
    expect((await watcher.status()).mode).toBe(1);

    // Its e-stop passes: the lander goes safe, and run ends on the fault.
    await watcher.estop();
    const ended = await run.done;
    expect(run.out()).toMatch(/FAULT e-stop/);
    expect(ended.code).toBe(1);
    const safe = await watcher.status().catch(() => undefined);
    expect(safe).toBeUndefined(); // the holder let go: this watcher's link ended with it
    await watcher.close();
    watcher = undefined;

    // The socket goes with run, and monitor ends with it, saying why.
    expect(existsSync(socket)).toBe(false);
    const watched = await monitor.done;
    expect(watched.code).toBe(0);
    expect(monitor.out()).toMatch(/farside run \(pid \d+\) let go of \S+: nothing left to watch\n$/);

    // The lander is safe, e-stopped, disarmed: status now opens the port itself.
    const after = await farside("status", "--port", port);
    expect(after.out).toMatch(/: safe, phase \S+, fault e-stop, disarmed/);
  });

  it("the console attaches to a run: it sees the flight, is refused arm, and its estop stops the run", async () => {
    const port = await simulatorPort();
    const run = start("run", "--port", port, "--mission", "missions/smoke.yaml", "--log", path.join(dir, "run.jsonl"));
    await until(() => /phase self-test/.test(run.out()));
    const console_ = startTypedFarside(["console", "--port", port], { env });
    typed.push(console_);
    const shown = collect(console_);
    await until(() => /type help for the commands/.test(shown.out()));
    console_.stdin.write("arm\n");
    await until(() => /arm refused/.test(shown.out()));
    console_.stdin.write("estop\n");
    const ended = await run.done;
    expect(run.out()).toMatch(/FAULT e-stop/);
    expect(ended.code).toBe(1);
    console_.stdin.end();
    // The run's end lets go of the port: the console says so and ends, as monitor does.
    const done = await shown.done;
    expect(done).toEqual({ code: 0, err: "" });
    expect(shown.out()).toMatch(
      /^lander refused arm: farside run \(pid \d+\) holds this port, arm refused: a watcher may only stop the lander/m,
    );
    expect(shown.out()).toMatch(/FAULT e-stop\n(.*\n)*estop: ok\n/);
    expect(shown.out()).toMatch(/farside run \(pid \d+\) let go of \S+: nothing left to watch\n$/);
    // Said once: the holder's reason comes as a string just before the refused Ack.
    expect(shown.out().match(/arm refused/g)).toHaveLength(1);
    // No `telemetry on`: no status lines, though the holder's frames reach it.
    expect(shown.out()).not.toMatch(/ step +\d+ +joints/);
    const after = await farside("status", "--port", port);
    expect(after.out).toMatch(/: safe, phase \S+, fault e-stop, disarmed/);
  });

  it("a watcher attached with drive may arm, and then drive; the lander's disarming ends that", async () => {
    const port = await simulatorPort();
    const monitor = start("monitor", "--port", port);
    await until(() => /Ctrl-C to stop watching/.test(monitor.out()));
    watcher = await openClient(serialLink(port), 115200, "drive");
    await watcher.connect({ watch: false });
    await expect(watcher.start()).rejects.toThrow(
      /^lander refused start: farside monitor \(pid \d+\) holds this port, motion refused: .*; send Arm from this watcher first$/,
    );
    await watcher.arm();
    await watcher.start();
    await until(() => /running\s+self-test/.test(monitor.out()));
    expect((await watcher.status()).armed).toBe(true);
    await watcher.estop();
    // The e-stop disarmed the lander: this watcher must arm again before it moves anything.
    await expect(watcher.resume()).rejects.toThrow(/motion refused/);
  });

  it("a command that needs the port to itself says which farside holds it", async () => {
    const port = await simulatorPort();
    const monitor = start("monitor", "--port", port);
    await until(() => /Ctrl-C to stop watching/.test(monitor.out()));
    const { code, err } = await farside("run", "--port", port, "--log", path.join(dir, "refused.jsonl"));
    expect(code).toBe(2);
    expect(err).toMatch(
      new RegExp(
        `^farside: serial port ${port} is held by farside monitor \\(pid ${monitor.child.pid}\\) and this command needs it to itself: stop that one first, or watch it with farside monitor --port ${port}\\n$`,
      ),
    );
  });

  it("a socket left by a killed farside is replaced, and removed when its replacement exits", async () => {
    const port = await simulatorPort();
    const socket = await socketFor(port);
    // A process that listens there and is killed: its socket file stays behind, answering nobody.
    const stale = spawn(
      process.execPath,
      ["-e", `require("net").createServer().listen(${JSON.stringify(socket)}, () => console.log("up"))`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((resolve) => stale.stdout.once("data", resolve));
    stale.kill("SIGKILL");
    await new Promise((resolve) => stale.once("exit", resolve));
    expect(statSync(socket).isSocket()).toBe(true);

    const monitor = start("monitor", "--port", port);
    await until(() => /Ctrl-C to stop watching/.test(monitor.out()));
    // The live holder's socket now: status attaches to monitor rather than find the port busy.
    const status = await farside("status", "--port", port);
    expect(status.err).toBe("");
    expect(status.out).toMatch(/: idle, phase idle/);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    monitor.child.kill("SIGINT");
    expect((await monitor.done).code).toBe(130);
    expect(existsSync(socket)).toBe(false);
  });

  it("run --detach starts the mission and exits; the lander completes it on its own", async () => {
    const port = await simulatorPort();
    const log = path.join(dir, "detached.jsonl");
    const detached = await farside("run", "--port", port, "--mission", "missions/smoke.yaml", "--log", log, "--detach");
    expect(detached.err).toBe("");
    expect(detached.code).toBe(0);
    expect(detached.out).toContain(
      `started "Smoke test, every actuator": the lander flies it on its own; watch it with farside monitor --port ${port}\n`,
    );
    const lines = readFileSync(log, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as object);
    expect(lines.at(-1)).toEqual({ type: "end", outcome: "detached", t: expect.any(Number) as number });
    expect(lines).toContainEqual(expect.objectContaining({ type: "command", command: "goodbye", result: "ok" }));
    expect(existsSync(await socketFor(port))).toBe(false);

    // Nobody holds the port now: status opens it itself and finds the lander flying.
    const flying = await farside("status", "--port", port);
    expect(flying.out).toMatch(/: running, phase \S+, fault none, ARMED/);
    // The smoke mission is 30 s of lander time; the simulator runs at twice real time.
    const end = Date.now() + 40_000;
    let last = flying.out;
    while (!/: complete, phase complete, fault none/.test(last) && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      last = (await farside("status", "--port", port)).out;
    }
    expect(last).toMatch(/: complete, phase complete, fault none/);
  });
});
