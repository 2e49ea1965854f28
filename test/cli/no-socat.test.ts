// monitor, dashboard and console with --sim need no other program: their simulator runs in
// this process. Run with a PATH that holds node and nothing else, where socat cannot be found
// (as pty-pair.ts looks for it, through the PATH), and shown to be missing by --pty's refusal.
import { afterEach, describe, expect, it } from "vitest";
import { collect, nodeOnlyBin, startFarside, until, type Cli } from "../support/cli";

describe.skipIf(process.platform !== "linux")("--sim without socat", () => {
  const bin = nodeOnlyBin("farside-nosocat-");
  const started: Cli[] = [];
  const start = (...args: string[]): ReturnType<typeof collect> => {
    const child = startFarside(args, { env: { ...process.env, PATH: bin() } });
    started.push(child);
    return collect(child);
  };

  afterEach(() => {
    for (const child of started.splice(0)) child.kill("SIGKILL");
  });

  it("the PATH has no socat: --pty, which needs one, says so in one line", async () => {
    const monitor = start("monitor", "--sim", "--pty");
    expect(await monitor.done).toEqual({
      code: 2,
      err: "farside: socat is not installed: apt-get install socat (or brew install socat), or do without a pty: farside sim --tcp PORT serves the lander on 127.0.0.1, and --sim alone needs none\n",
    });
  });

  it("monitor --sim watches the lander in real time", async () => {
    const monitor = start("monitor", "--sim");
    // Two status lines a lander second apart: the simulator runs, and at the wall clock's pace.
    const statusLines = (): string[] => monitor.out().match(/^ +\d+\.\d s {2}idle .*$/gm) ?? [];
    await until(() => statusLines().length >= 2);
    const wallStart = Date.now();
    const seen = statusLines().length;
    await until(() => statusLines().length >= seen + 2);
    expect(Date.now() - wallStart).toBeGreaterThan(1000);
    expect(monitor.out()).toMatch(
      /^farside sim: .+, simulator \(in process\), real time \(no port for other programs: --pty or farside sim gives one\)$/m,
    );
    // Its simulator is this command's: Ctrl-C ends it, and the banner does not say otherwise.
    expect(monitor.out()).toMatch(/: Ctrl-C to stop watching \(the simulated lander stops with it\)$/m);
    expect(monitor.err()).toBe("");
  });

  it("dashboard --sim serves its page on the simulated lander", async () => {
    const dashboard = start("dashboard", "--sim");
    await until(() => /dashboard for \S+: http:\S+/.test(dashboard.out()));
    const url = /dashboard for \S+: (http:\S+)/.exec(dashboard.out())?.[1] ?? "";
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    expect(dashboard.err()).toBe("");
  });
});
