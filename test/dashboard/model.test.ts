/// <reference lib="dom" />
// The dashboard as a user sees it, in headless Chromium on the simulated lander running its
// mission: a drawing of the model whose parts move with the telemetry, charts that say what
// they plot and show the newest values, a tab opened mid-run that gets the run so far, an
// e-stop over nothing at phone and desktop widths, and the watch-only page `farside sim --ui`
// serves while another program drives the lander.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Dashboard } from "../../host-tools/src/dashboard/server";
import { SimulatorFeed } from "../../host-tools/src/dashboard/sim-feed";
import type { LanderClient } from "../../host-tools/src/link/lander-client";
import { REPO_ROOT } from "../../host-tools/src/paths";
import type { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";
import { launchChromium } from "./browser";
import { watchedPtySimulator } from "./lander";

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };

/** Every element the e-stop's box overlaps, other than its own header and its text. */
function overlapsOfEstop(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const estop = document.getElementById("estop")!;
    const a = estop.getBoundingClientRect();
    const hits: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      if (element === estop || element.contains(estop) || estop.contains(element)) continue;
      const b = element.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        hits.push(`${element.tagName.toLowerCase()}#${element.id}.${element.className}`);
    }
    return hits;
  });
}

const attribute = (page: Page, id: string, name: string): Promise<string | null> =>
  page.evaluate(([i, n]) => document.getElementById(i!)!.getAttribute(n!), [id, name]);

describe("the dashboard's model, charts and layout in headless Chromium", () => {
  const board = loadBoard("esp32-devkitc");
  let sim: SimulatedBoard;
  let client: LanderClient;
  let dashboard: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    ({ sim, client } = await watchedPtySimulator(board, 8));
    dashboard = await Dashboard.start({ client, board, layers: (await sim.lander.world()).layers });
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await client?.close();
    await sim?.stop();
  });

  it("draws the model's parts and moves them with the telemetry; titles, units and live legends on the charts", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.body.dataset.mode === "idle", undefined, { timeout: 20_000 });
    for (const part of [
      "legs",
      "drill-bit",
      "arm-shoulder",
      "arm-elbow",
      "arm-wrist",
      "arm-scoop",
      "lid",
      "flag",
      "ascender",
    ])
      expect(await page.locator(`#${part}`).count(), part).toBe(1);
    // Every transform each joint and the drill are drawn with, as the telemetry moves them.
    await page.evaluate(() => {
      const seen: Record<string, Set<string>> = {};
      for (const id of ["arm-shoulder", "arm-elbow", "arm-wrist", "drill-bit"]) {
        const element = document.getElementById(id)!;
        const shapes = (seen[id] = new Set<string>());
        new MutationObserver(() => shapes.add(element.getAttribute("transform") ?? "")).observe(element, {
          attributes: true,
        });
      }
      (window as unknown as { seen: typeof seen }).seen = seen;
    });
    expect(await attribute(page, "drill-bit", "transform")).toBe("translate(0,0.0)");
    await page.click("#arm-motion");
    await page.click("#start");
    // Drilling: the bit is drawn as far down as the telemetry says, by the board's travel.
    await page.waitForFunction(
      () => /^(2\d|[3-9]\d)\.\d mm/.test(document.getElementById("depth")!.textContent!),
      undefined,
      {
        timeout: 90_000,
      },
    );
    const depthMm = parseFloat((await page.textContent("#depth")) ?? "");
    const drawnY = Number(/translate\(0,([\d.]+)\)/.exec((await attribute(page, "drill-bit", "transform")) ?? "")?.[1]);
    expect(drawnY).toBeGreaterThan(0);
    expect(Math.abs(drawnY - (depthMm * 110) / board.drill.feed.travelMm)).toBeLessThan(8);
    const seen = await page.evaluate(() =>
      Object.fromEntries(
        Object.entries((window as unknown as { seen: Record<string, Set<string>> }).seen).map(([k, v]) => [k, v.size]),
      ),
    );
    for (const id of ["arm-shoulder", "arm-elbow", "drill-bit"]) expect(seen[id], id).toBeGreaterThan(3);

    // Charts: titled, every axis with its unit.
    expect(await page.locator("section h2").allTextContents()).toEqual(
      expect.arrayContaining(["Joint angles", "Drill depth and load", "Supply voltage", "Events"]),
    );
    // The page's charts are a script-level binding, not a property of window.
    const axes = await page.evaluate<Record<string, string[]>>(
      'Object.fromEntries(Object.entries(plots).map(([name, chart]) => [name, chart.axes.map((a) => (typeof a.label === "function" ? a.label(chart) : a.label))]))',
    );
    const time = "lander time from the mission's start (s)";
    expect(axes).toEqual({
      joints: [time, "degrees"],
      drill: [time, "depth (mm)", "load (A)"],
      supply: [time, "volts"],
    });
    // Legends show the newest values without a pointer over the chart, and follow the lander.
    const depthLegend = page.locator("#plot-drill .u-legend .u-series").nth(1).locator(".u-value");
    const first = await depthLegend.textContent();
    expect(first).toMatch(/^\d+\.\d$/);
    await expect.poll(() => depthLegend.textContent(), { timeout: 20_000 }).not.toBe(first);
    // The phases shaded behind the charts: self-test and drilling so far.
    expect(Number(await page.getAttribute("#plot-joints .uplot", "data-phase-bands"))).toBeGreaterThanOrEqual(2);

    // A tab opened now gets the run so far at once, not just what comes after it.
    const late = await browser.newPage({ viewport: PHONE });
    const shown = Number(await page.evaluate(() => document.body.dataset.points));
    await late.goto(dashboard.url);
    await late.waitForFunction(() => Number(document.body.dataset.points) > 0, undefined, { timeout: 10_000 });
    expect(Number(await late.evaluate(() => document.body.dataset.points))).toBeGreaterThanOrEqual(shown);
    expect((await late.locator("#log").textContent()) ?? "").toMatch(/^0\.0 s {2}phase self-test$/m);
    expect(await late.textContent("#phase")).toBe("drilling");

    // The e-stop is over nothing, and nothing is wider than the screen, at either width.
    expect(await overlapsOfEstop(page)).toEqual([]);
    expect(await overlapsOfEstop(late)).toEqual([]);
    expect(await late.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
    // On a desktop the charts stand beside the model; on a phone below it.
    const beside = await page.evaluate(
      () =>
        document.getElementById("plot-joints")!.getBoundingClientRect().left >
        document.getElementById("lander")!.getBoundingClientRect().right,
    );
    expect(beside).toBe(true);
    const below = await late.evaluate(
      () =>
        document.getElementById("plot-joints")!.getBoundingClientRect().top >
        document.getElementById("lander")!.getBoundingClientRect().bottom,
    );
    expect(below).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-desktop.png"), fullPage: true });
    await late.screenshot({ path: path.join(ARTIFACTS, "dashboard-phone.png"), fullPage: true });
    await late.close();
    await page.close();
  });

  it("watch-only on the simulator: follows the lander another program drives, with nothing to press", async () => {
    const feed = new SimulatorFeed(sim);
    const watching = await Dashboard.start({ watch: feed, board });
    try {
      const page = await browser.newPage({ viewport: PHONE });
      await page.goto(watching.url);
      await page.waitForFunction(() => document.body.dataset.link === "live", undefined, { timeout: 10_000 });
      // The mission the other client started, seen from inside the simulator.
      await page.waitForFunction(() => document.body.dataset.mode === "running", undefined, { timeout: 10_000 });
      expect(await page.isVisible("#watch-only")).toBe(true);
      // It opened after the mission started, so its time axis cannot count from the start.
      expect(await page.evaluate<string>("plots.joints.axes[0].label(plots.joints)")).toBe(
        "lander time from the first reading (s)",
      );
      expect(await page.isVisible("#estop")).toBe(false);
      expect(await page.isVisible("#start")).toBe(false);
      const { origin, searchParams } = new URL(watching.url);
      const response = await fetch(`${origin}/api/estop`, {
        method: "POST",
        headers: { origin, "x-farside-token": searchParams.get("token") ?? "" },
      });
      expect(response.status).toBe(409);
      expect(await response.text()).toBe("watch-only: another program drives the lander through its port");
      await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-watch-only-phone.png"), fullPage: true });
      await page.close();
    } finally {
      feed.stop();
      await watching.close();
    }
  });
});
