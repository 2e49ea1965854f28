/// <reference lib="dom" />
// `farside sim --ui` as a user runs it: the simulator with its watch-only page, while another
// program (here `farside run`, in a process of its own) drives the lander through the pty.
// And `farside dashboard --sim --pty`, which says which port its simulated lander is on.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { collect, startFarside, until, type Cli } from "../support/cli";
import { launchChromium } from "./browser";

describe("the dashboard on the command line's simulator", () => {
  let browser: Browser;
  const started: Cli[] = [];
  const start = (...args: string[]): ReturnType<typeof collect> => {
    const child = startFarside(args);
    started.push(child);
    return collect(child);
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(() => {
    for (const child of started.splice(0)) child.kill();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sim --ui shows the model that another program drives over the pty, with nothing to press", async () => {
    const sim = start("sim", "--speed", "10", "--quiet", "--ui");
    await until(() => /dashboard \(watch-only\): http:\S+/.test(sim.out()));
    const port = /lander port: (\S+)/.exec(sim.out())?.[1] ?? "";
    const url = /dashboard \(watch-only\): (http:\S+)/.exec(sim.out())?.[1] ?? "";
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.mode === "idle", undefined, { timeout: 20_000 });
    const run = start("run", "--port", port);
    await page.waitForFunction(() => document.getElementById("phase")?.textContent === "drilling", undefined, {
      timeout: 60_000,
    });
    expect(await page.isVisible("#watch-only")).toBe(true);
    expect(await page.isVisible("#estop")).toBe(false);
    // The page took nothing from the link: the run has it, and goes on.
    expect(run.err()).toBe("");
    expect(run.out()).toMatch(/phase drilling/);
    await page.close();
  });

  it("dashboard --sim --pty prints its simulated lander's port", async () => {
    const dashboard = start("dashboard", "--sim", "--pty");
    await until(() => /dashboard for /.test(dashboard.out()));
    expect(dashboard.out()).toMatch(
      /^simulated lander port: \/\S+ {2}\(held by this dashboard; farside sim --ui leaves it free\)$/m,
    );
  });
});
