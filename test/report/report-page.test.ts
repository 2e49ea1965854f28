/// <reference lib="dom" />
// The HTML report in a real headless Chromium: its charts draw, with the run's phases as bands
// and its faults as lines behind the data, from the file alone (no network).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { writeReport } from "../../host-tools/src/run-report";
import { startLogLine, telemetryLogLine } from "../support/run-log";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts");

const telemetry = (t: number, phase: number, depthMm: number): string =>
  telemetryLogLine(t, { phase, depthMm, joints: [20 + t / 100, 160 - t / 100, 90, 10], loadAmps: 0.2 + depthMm / 100 });

describe("the run report in headless Chromium", () => {
  let browser: Browser;
  let dir = "";

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("draws every chart with the phases as bands and the fault as a line, offline", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-report-"));
    const lines = [
      startLogLine("banded"),
      JSON.stringify({ t: 10, type: "event", event: "phase", value: 1, name: "self-test", landerMs: 10 }),
      ...[100, 600, 1100, 1600].map((t) => telemetry(t, 1, 0)),
      JSON.stringify({ t: 2000, type: "event", event: "phase", value: 2, name: "drilling", landerMs: 2000 }),
      ...[2100, 2600, 3100, 3600, 4100].map((t) => telemetry(t, 2, (t - 2000) / 100)),
      JSON.stringify({ t: 4200, type: "event", event: "fault", value: 2, name: "drill-stall", landerMs: 4200 }),
      JSON.stringify({ t: 4500, type: "end", outcome: "fault", fault: "drill-stall" }),
    ];
    const log = path.join(dir, "banded.jsonl");
    writeFileSync(log, lines.join("\n") + "\n");
    const html = path.join(dir, "banded.html");
    writeReport(log, html);

    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`file://${html}`);
    for (const id of ["joints", "drill", "supply"]) {
      const chart = page.locator(`#${id} .uplot`);
      await expect.poll(() => chart.getAttribute("data-phase-bands")).toBe("2");
      expect(await chart.getAttribute("data-fault-lines")).toBe("1");
      expect(await page.locator(`#${id} canvas`).count()).toBe(1);
    }
    expect(errors).toEqual([]);
    // Nothing but the file itself: the report works offline.
    expect(requests.every((url) => url.startsWith("file://") || url.startsWith("data:"))).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "report.png"), fullPage: true });
    await page.close();
  });
});
