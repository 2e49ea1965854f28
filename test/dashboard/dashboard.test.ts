/// <reference lib="dom" />
// The dashboard in a real browser: Debian's headless Chromium driven by playwright-core, on the
// simulated lander running its mission. The drawing and plots must move with the lander, and
// the e-stop button must bring it to its safe state, seen in the telemetry.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Dashboard } from "../../host-tools/src/dashboard/server";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { launchChromium } from "./browser";
import { watchedSimulator, type InProcessLander } from "./lander";

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts");

describe("dashboard in headless Chromium", () => {
  const board = loadBoard("esp32-devkitc");
  let sim: InProcessLander;
  let client: LanderClient;
  let dashboard: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    ({ sim, client } = await watchedSimulator(board));
    dashboard = await Dashboard.start({ client, board, layers: (await sim.world()).layers });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await client?.close();
    await sim?.stop();
  });

  /** A jog as the page posts it, for when the page itself greys the slider out. */
  async function postJog(joint: string, angle: number): Promise<number> {
    const { origin, searchParams } = new URL(dashboard.url);
    const response = await fetch(`${origin}/api/jog`, {
      method: "POST",
      headers: { origin, "x-farside-token": searchParams.get("token") ?? "" },
      body: JSON.stringify({ joint, angle }),
    });
    return response.status;
  }

  it("jogs a joint within its limits from its slider once armed, and not before", async () => {
    const page = await browser.newPage();
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.body.dataset.mode === "idle", undefined, { timeout: 20_000 });
    expect(await page.textContent("#armed")).toBe("disarmed: arm to move");
    // Disarmed, the page greys out what the lander would refuse, and the lander refuses it anyway.
    expect(await page.isDisabled("#jog-wrist")).toBe(true);
    expect(await page.isDisabled("#start")).toBe(true);
    expect(await page.isEnabled("#estop")).toBe(true);
    expect(await postJog("wrist", 120)).toBe(204);
    await page.waitForFunction(() => document.getElementById("log")?.textContent?.includes("not armed"), undefined, {
      timeout: 20_000,
    });
    expect((await client.status()).joints[2]).toBe(board.poses.stow!.wrist);
    await page.click("#arm-motion");
    await page.waitForFunction(() => document.body.dataset.armed === "true", undefined, { timeout: 20_000 });
    expect(await page.isEnabled("#jog-wrist")).toBe(true);
    await page.locator("#jog-wrist").evaluate((input: HTMLInputElement) => {
      input.value = "120";
      input.dispatchEvent(new Event("change"));
    });
    await expect.poll(async () => (await client.status()).joints[2], { timeout: 20_000 }).toBe(120);
    // The sliders follow the joints: the shoulder's shows where the shoulder is (stowed).
    expect(await page.inputValue("#jog-shoulder")).toBe(String(board.poses.stow!.shoulder));
    await page.close();
  });

  it("draws and plots the lander as it moves, in every tab, and its e-stop makes the lander safe", async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const second = await browser.newPage();
    await page.goto(dashboard.url);
    await second.goto(dashboard.url);
    await page.waitForFunction(() => document.getElementById("board")?.textContent?.includes("ESP32"));
    // Rock, loose and compacted layers drawn under the surface.
    expect(await page.locator("[data-layer=rock]").count()).toBe(1);
    // Every angle the arm's upper segment is drawn at, as the telemetry moves it.
    await page.evaluate(() => {
      const arm = document.getElementById("arm-shoulder")!;
      const seen = new Set<string>();
      (window as unknown as { armShapes: Set<string> }).armShapes = seen;
      new MutationObserver(() => seen.add(arm.getAttribute("transform") ?? "")).observe(arm, { attributes: true });
    });
    await page.click("#arm-motion");
    await page.click("#start");
    await page.waitForFunction(() => document.body.dataset.mode === "running", undefined, { timeout: 20_000 });
    await page.waitForFunction(
      () =>
        Number(
          /translate\(0,([\d.]+)\)/.exec(document.getElementById("drill-bit")?.getAttribute("transform") ?? "")?.[1],
        ) > 10,
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { armShapes: Set<string> }).armShapes.size)).toBeGreaterThan(
      5,
    );
    expect(Number(await page.evaluate(() => document.body.dataset.points))).toBeGreaterThan(10);
    // The page's log counts lander time (from the mission's start once it began), never the PC's clock.
    const logged = (await page.locator("#log").textContent()) ?? "";
    expect(logged).toMatch(/^0\.0 s {2}phase self-test$/m);
    expect(logged).not.toMatch(/\d:\d\d/);
    // uPlot drew its charts.
    expect(await page.locator("#plot-joints canvas").count()).toBeGreaterThan(0);
    expect(Number(await second.evaluate(() => document.body.dataset.points))).toBeGreaterThan(10);
    expect(dashboard.watchers).toBe(2);

    await page.click("#estop");
    await page.waitForFunction(() => document.body.dataset.mode === "safe", undefined, { timeout: 60_000 });
    expect(await page.textContent("#fault")).toBe("e-stop");
    const status = await client.status();
    expect(status).toMatchObject({ mode: Mode.Safe, fault: Fault.EStop, depthMm: 0, rpm: 0, armed: false });
    await page.waitForFunction(() => document.body.dataset.armed === "false");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard.png"), fullPage: true });
    expect(existsSync(path.join(ARTIFACTS, "dashboard.png"))).toBe(true);
  });

  it("refuses a jog while e-stop is latched, saying why on the page, and a control it does not know", async () => {
    const page = await browser.newPage();
    await page.goto(dashboard.url);
    await page.waitForFunction(() => document.body.dataset.mode === "safe", undefined, { timeout: 20_000 });
    expect(await page.isDisabled("#jog-shoulder")).toBe(true);
    expect(await postJog("shoulder", 100)).toBe(204);
    await page.waitForFunction(
      () => document.getElementById("log")?.textContent?.includes("refused: e-stopped"),
      undefined,
      { timeout: 20_000 },
    );
    expect((await client.status()).joints[0]).toBe(board.poses.stow!.shoulder);
    const { origin, searchParams } = new URL(dashboard.url);
    const response = await fetch(`${origin}/api/launch-missiles`, {
      method: "POST",
      headers: { origin, "x-farside-token": searchParams.get("token") ?? "" },
    });
    expect(response.status).toBe(400);
  });
});
