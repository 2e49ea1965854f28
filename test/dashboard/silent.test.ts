/// <reference lib="dom" />
// A lander that goes quiet while the dashboard's server and stream stay up: the page must stop
// showing its last state as live, keep only the stops, and come back when telemetry does.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Dashboard } from "../../host-tools/src/dashboard/server";
import type { LanderClient } from "../../host-tools/src/link/lander-client";
import { CONTROLS, launchChromium } from "./browser";
import { watchedSimulator, type InProcessLander } from "./lander";

describe("dashboard page with a silent lander", () => {
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
