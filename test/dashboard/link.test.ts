/// <reference lib="dom" />
// The page in a real browser when it cannot drive the lander: its server stopped, its token
// refused or missing. It must say so plainly and leave nothing pressable, never keep showing
// "ARMED" over buttons that do nothing. And the token must leave the address bar. A lander that
// goes silent under a live stream is not shown as live either.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Dashboard } from "../../host-tools/src/dashboard/server";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { CONTROLS, launchChromium } from "./browser";
import { watchedSimulator, type InProcessLander } from "./lander";

/** Screenshots for a person to look at; outside the repository on purpose. */
const SHOTS = process.env.FARSIDE_SHOTS ?? "/tmp";

describe("dashboard page without a live link", () => {
  const board = loadBoard("esp32-devkitc");
  let sim: InProcessLander;
  let client: LanderClient;
  let browser: Browser;

  beforeAll(async () => {
    ({ sim, client } = await watchedSimulator(board));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await client?.close();
    await sim?.stop();
  });

  /** The state of every control on the page: how many, and which are not disabled. */
  async function pressable(page: Page): Promise<{ controls: number; enabled: string[] }> {
    return page.$$eval(CONTROLS, (elements) => ({
      controls: elements.length,
      enabled: elements.filter((e) => !(e as HTMLButtonElement).disabled).map((e) => e.id),
    }));
  }

  /** Calls the page made to the controls' API, to show a click went nowhere. */
  function apiCalls(page: Page): string[] {
    const calls: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/")) calls.push(request.url());
    });
    return calls;
  }

  it("takes the token out of the address bar, keeps it for its controls, under its own CSP", async () => {
    const dashboard = await Dashboard.start({ client, board });
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.body.dataset.mode === "idle", undefined, { timeout: 20_000 });
    const origin = new URL(dashboard.url).origin;
    expect(page.url()).toBe(`${origin}/`);
    expect(await page.evaluate(() => location.href)).toBe(`${origin}/`);
    // The token the address bar no longer shows still drives the lander.
    await page.click("#arm-motion");
    await page.waitForFunction(() => document.body.dataset.armed === "true", undefined, { timeout: 20_000 });
    expect((await client.status()).armed).toBe(true);
    await page.click("#disarm-motion");
    await page.waitForFunction(() => document.body.dataset.armed === "false", undefined, { timeout: 20_000 });
    // The inline script and style ran (uPlot drew) and the policy blocked nothing.
    expect(await page.locator("#plot-joints canvas").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    // The price of a token kept only in memory: a reload needs the printed address again, and says so.
    await page.reload();
    expect(await page.getAttribute("body", "data-link")).toBe("no-token");
    // Walking the tab's history finds the blank tab it opened in and the bare address, no token.
    await page.goBack();
    expect(page.url()).toBe("about:blank");
    await page.goForward();
    expect(page.url()).toBe(`${origin}/`);
    await page.close();
    await dashboard.close();
  });

  it("says the link is lost and disables every control, e-stop too, once its server stops", async () => {
    const dashboard = await Dashboard.start({ client, board });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.body.dataset.mode === "idle", undefined, { timeout: 20_000 });
    await page.click("#arm-motion");
    await page.waitForFunction(() => document.body.dataset.armed === "true", undefined, { timeout: 20_000 });
    expect(await page.textContent("#armed")).toBe("ARMED: motion allowed");
    expect((await pressable(page)).enabled).toContain("estop");

    await dashboard.close();
    await page.waitForFunction(() => document.body.dataset.link === "lost", undefined, { timeout: 10_000 });
    const calls = apiCalls(page);
    expect(await page.isVisible("#link")).toBe(true);
    expect(await page.textContent("#link")).toContain(
      "link lost: the dashboard server stopped — restart farside dashboard (or farside run --ui) and open the URL it prints.",
    );
    expect(await page.textContent("#armed")).toBe("unknown: no link");
    expect(await page.getAttribute("body", "data-armed")).toBe("unknown");
    const { controls, enabled } = await pressable(page);
    expect(controls).toBeGreaterThan(8);
    expect(enabled).toEqual([]);
    // Still so after the browser's own reconnection attempt (about 3 s) finds nobody.
    await page.waitForTimeout(4000);
    expect(await page.getAttribute("body", "data-link")).toBe("lost");
    expect((await pressable(page)).enabled).toEqual([]);
    await page.locator("#estop").evaluate((button: HTMLButtonElement) => button.click());
    expect(calls).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/farside-dashboard-link-lost.png`, fullPage: true });
    await page.close();
    await client.disarm();
  });

  it("says a token this server never issued is refused, with nothing pressable", async () => {
    const dashboard = await Dashboard.start({ client, board });
    const page = await browser.newPage();
    await page.goto(`${new URL(dashboard.url).origin}/?token=${"0".repeat(32)}`);
    await page.waitForFunction(() => document.body.dataset.link === "refused", undefined, { timeout: 10_000 });
    expect(await page.textContent("#link")).toContain(
      "link refused: the dashboard server does not know this page's token",
    );
    expect((await pressable(page)).enabled).toEqual([]);
    expect(dashboard.watchers).toBe(0);
    await page.close();
    await dashboard.close();
  });

  it("without its token, says how to get the address and disables every control, e-stop too", async () => {
    const dashboard = await Dashboard.start({ client, board });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const calls = apiCalls(page);
    await page.goto(`${new URL(dashboard.url).origin}/`);
    expect(await page.getAttribute("body", "data-link")).toBe("no-token");
    expect(await page.textContent("#link")).toContain(
      "this page needs the address farside printed (with its token): run farside dashboard (or farside run --ui) and open the URL it prints.",
    );
    const { controls, enabled } = await pressable(page);
    expect(controls).toBeGreaterThan(5);
    expect(enabled).toEqual([]);
    await page.locator("#estop").evaluate((button: HTMLButtonElement) => button.click());
    // Not "connecting…" forever: it never tries, and no press reaches the server.
    await page.waitForTimeout(500);
    expect(await page.getAttribute("body", "data-link")).toBe("no-token");
    expect(calls).toEqual([]);
    expect(dashboard.watchers).toBe(0);
    await page.screenshot({ path: `${SHOTS}/farside-dashboard-no-token.png`, fullPage: true });
    await page.close();
    await dashboard.close();
  });

  it("says the lander is silent, leaves only e-stop and abort, and is live again when it speaks", async () => {
    const dashboard = await Dashboard.start({ client, board });
    try {
      const page = await browser.newPage();
      await page.goto(dashboard.url);
      await page.waitForFunction(() => document.body.dataset.mode === "idle", undefined, { timeout: 20_000 });
      // The lander stops sending telemetry; the stream to the page stays open.
      await client.setTelemetry(0);
      await page.waitForFunction(() => document.body.dataset.link === "silent", undefined, { timeout: 20_000 });
      expect(await page.textContent("#link")).toMatch(
        /^no word from the lander for \d+ s: what this page shows is its last/,
      );
      expect(await page.textContent("#armed")).toBe("unknown: the lander is silent");
      const enabled = await page.$$eval(CONTROLS, (elements) =>
        elements.filter((e) => !(e as HTMLButtonElement).disabled).map((e) => e.id),
      );
      expect(enabled.sort()).toEqual(["abort", "estop"]);
      // A stop still goes to it: abort from the silent page reaches the lander.
      const posted = page.waitForResponse((r) => r.url().endsWith("/api/abort"));
      await page.click("#abort");
      expect((await posted).status()).toBe(204);
      // Telemetry again: live, with the lander's state back.
      await client.setTelemetry(100);
      await page.waitForFunction(() => document.body.dataset.link === "live", undefined, { timeout: 20_000 });
      await page.waitForFunction(() => document.body.dataset.armed === "false", undefined, { timeout: 20_000 });
      expect(await page.isHidden("#link")).toBe(true);
    } finally {
      await dashboard.close();
    }
  });
});
