/// <reference lib="dom" />
// The HTML report in a real headless Chromium: its charts draw, with the run's phases as bands
// and its faults as lines behind the data, from the file alone (no network), and the phase
// strip's labels make way for each other.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { duration } from "../../host-tools/src/labels";
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

  it("keeps the phase strip's labels apart when short phases sit side by side, the full names in titles and the table", async () => {
    // At --speed max: the lander's clock runs 30 times the host's. Seven phases of 0.2-0.5 s of
    // lander time follow a minute of drilling: at this width most cannot hold their names.
    const lander = (t: number): number => 50_000 + 30 * t;
    const phases: [number, number, string][] = [
      [0, 1, "self-test"],
      [10, 2, "drilling"],
      [2010, 3, "core-transfer"],
      [2017, 4, "scooping"],
      [2024, 5, "sealing"],
      [2034, 6, "transfer"],
      [2050, 7, "flag"],
      [2060, 8, "liftoff"],
      [2075, 9, "complete"],
    ];
    const events = [
      JSON.stringify({ t: 0, type: "event", event: "mode", value: 1, name: "running", landerMs: lander(0) }),
      ...phases.map(([t, value, name]) =>
        JSON.stringify({ t, type: "event", event: "phase", value, name, landerMs: lander(t) }),
      ),
      ...Array.from({ length: 42 }, (_, i) => telemetryLogLine(i * 50, { nowMs: lander(i * 50), phase: 2 })),
      JSON.stringify({ t: 2075, type: "event", event: "mode", value: 5, name: "complete", landerMs: lander(2075) }),
    ];
    // In the order they happened, as farside writes them.
    const byTime = events.sort((a, b) => (JSON.parse(a) as { t: number }).t - (JSON.parse(b) as { t: number }).t);
    const lines = [
      startLogLine("short phases"),
      ...byTime,
      JSON.stringify({ t: 2100, type: "end", outcome: "complete" }),
    ];
    const log = path.join(dir, "short.jsonl");
    writeFileSync(log, lines.join("\n") + "\n");
    const html = path.join(dir, "short.html");
    writeReport(log, html);

    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`file://${html}`);
    await page.locator("#timeline[data-laid-out]").waitFor({ state: "attached" });
    expect(await page.locator("#duration").textContent()).toBe(duration(lander(2075) - lander(0)));
    const blocks = await page.locator("#timeline .phase").evaluateAll((elements) =>
      elements.map((block) => {
        const label = block.querySelector<HTMLElement>(".label")!;
        const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
        return {
          title: block.getAttribute("title") ?? "",
          name: label.dataset.name ?? "",
          text: label.textContent ?? "",
          shown: !label.hidden && label.getBoundingClientRect().width > 0,
          block: box(block.getBoundingClientRect()),
          label: box(label.getBoundingClientRect()),
        };
      }),
    );
    const names = phases.slice(0, -1).map(([, , name]) => name);
    expect(blocks.map((b) => b.name)).toEqual(names);
    const shown = blocks.filter((b) => b.shown);
    for (const [i, a] of shown.entries()) {
      // Inside its own phase, and clear of every other label.
      expect(a.label.left).toBeGreaterThanOrEqual(a.block.left - 0.5);
      expect(a.label.right).toBeLessThanOrEqual(a.block.right + 0.5);
      for (const b of shown.slice(i + 1)) {
        const apart =
          a.label.right <= b.label.left ||
          b.label.right <= a.label.left ||
          a.label.bottom <= b.label.top ||
          b.label.bottom <= a.label.top;
        expect(apart, `${a.text} and ${b.text}`).toBe(true);
      }
    }
    // Some labels had to yield, the long phase kept its name, and no full name is lost.
    expect(blocks.some((b) => b.text !== b.name)).toBe(true);
    expect(blocks.find((b) => b.name === "drilling")?.text).toBe("drilling");
    const table = (await page.locator("#phases").textContent()) ?? "";
    for (const b of blocks) {
      expect(b.title).toContain(b.name);
      expect(table).toContain(b.name);
    }
    expect(table).not.toContain("complete");
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "report-short-phases.png"), fullPage: true });
    await page.close();
  });
});
