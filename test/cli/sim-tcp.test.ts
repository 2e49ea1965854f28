// `farside sim --tcp PORT` as a user on a machine without ptys runs it: the simulated link on a
// loopback TCP port, reached with `--port tcp://127.0.0.1:PORT`, with no socat on the PATH.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collect, farside, nodeOnlyBin, startFarside, until, type Cli } from "../support/cli";

describe("farside sim --tcp", () => {
  const dir = nodeOnlyBin("farside-tcp-");
  const started: Cli[] = [];
  /** The simulator, on a PATH with node alone: socat cannot be what carries its link. */
  const startSim = async (...args: string[]): Promise<{ url: string; sim: ReturnType<typeof collect> }> => {
    const child = startFarside(["sim", "--tcp", "0", ...args], { env: { ...process.env, PATH: dir() } });
    started.push(child);
    const sim = collect(child);
    await until(() => /^lander at tcp:\S+$/m.test(sim.out()));
    return { url: /^lander at (tcp:\/\/127\.0\.0\.1:\d+)$/m.exec(sim.out())?.[1] ?? "", sim };
  };

  afterEach(() => {
    for (const child of started.splice(0)) child.kill("SIGKILL");
  });

  it("serves the link on 127.0.0.1: status answers and run completes the smoke mission", async () => {
    const { url, sim } = await startSim("--speed", "10");
    expect(url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const status = await farside("status", "--port", url);
    expect(status).toMatchObject({ code: 0, err: "" });
    expect(status.out).toMatch(
      /^esp32-devkitc firmware [\d.]+ protocol [\d.]+: idle, phase idle, fault none, disarmed,/,
    );

    const log = path.join(dir(), "smoke.jsonl");
    const run = await farside("run", "--port", url, "--mission", "missions/smoke.yaml", "--log", log);
    expect(run).toMatchObject({ code: 0, err: "" });
    expect(run.out).toMatch(/mission complete/);
    const lines = readFileSync(log, "utf8").trimEnd().split("\n");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ type: "start", port: url });
    expect(JSON.parse(lines.at(-1) ?? "{}")).toMatchObject({ type: "end", outcome: "complete" });
    // The simulator saw the mission fly, and took no error from the clients coming and going.
    expect(sim.out()).toMatch(/phase complete/);
    expect(sim.err()).toBe("");
  }, 90_000);

  it("takes one client at a time: a second is told so in one line, and the first goes on", async () => {
    const { url } = await startSim();
    const monitor = startFarside(["monitor", "--port", url]);
    started.push(monitor);
    const watching = collect(monitor);
    await until(() => /Ctrl-C to stop watching/.test(watching.out()));
    const second = await farside("status", "--port", url);
    expect(second.code).toBe(2);
    expect(second.err).toMatch(/^farside: .*closed the link before a byte came: it serves one client at a time/);
    expect(second.err.trimEnd().split("\n")).toHaveLength(1);
    const before = watching.out().length;
    await until(() => /idle/.test(watching.out().slice(before)));
    expect(monitor.exitCode).toBeNull();
  }, 60_000);

  it("binds only a loopback address, and says so in one line", async () => {
    expect(await farside("sim", "--tcp", "0.0.0.0:5333")).toEqual({
      code: 2,
      out: "",
      err: "farside: --tcp 0.0.0.0:5333: the link has no password, so it binds only to 127.0.0.1, not 0.0.0.0\n",
    });
    expect(await farside("status", "--port", "tcp://127.0.0.1:1")).toMatchObject({
      code: 2,
      err: "farside: nothing listens at tcp://127.0.0.1:1: start one with farside sim --tcp 1\n",
    });
  });
});
