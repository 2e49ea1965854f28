import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { writeReport } from "../../host-tools/src/run-report";
import { readLog } from "../../host-tools/src/run-report/read-log";
import { duration, seconds } from "../../host-tools/src/labels";
import { landerTimes } from "../../host-tools/src/run-report/lander-time";
import { phaseSpans } from "../../host-tools/src/run-report/phases";
import { plotData, renderReport } from "../../host-tools/src/run-report/render";
import { MAX_LINE_BYTES, RunLogWriter } from "../../host-tools/src/runlog/writer";
import { startLogLine, telemetryLogLine } from "../support/run-log";

const dir = mkdtempSync(path.join(tmpdir(), "farside-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The log of a run at --speed max: the simulated lander's clock runs 20 times faster than the
// host's and stood at 40 s when the log began, so the host's `t` and the lander's time differ.
const BOOT_MS = 40_000;
const lander = (t: number): number => BOOT_MS + 20 * t;
const START_T = 100;
/** Seconds from the mission's start on the lander's clock, for a line the host logged at t. */
const fromStart = (t: number): number => (lander(t) - lander(START_T)) / 1000;

const telemetry = (t: number, phase: number, depthMm: number): string =>
  telemetryLogLine(t, { nowMs: lander(t), phase, depthMm });
const event = (t: number, event: string, value: number, name?: string, landerMs = lander(t)): string =>
  JSON.stringify({ t, type: "event", event, value, ...(name === undefined ? {} : { name }), landerMs });

const LOG = [
  JSON.stringify({
    t: 0,
    type: "start",
    mission: "Evil </script><b>name</b>",
    board: "esp32-devkitc",
    port: "/dev/x",
    how: "upload+run",
    farside: "0.1.0",
    started: "2026-11-24T00:00:00Z",
  }),
  event(START_T, "phase", 1, "self-test"),
  event(START_T, "mode", 1, "running"),
  telemetry(200, 1, 0),
  "{ this line is not JSON",
  event(3100, "phase", 2, "drilling"),
  telemetry(3200, 2, 10),
  telemetry(3400, 2, 12.5),
  event(5000, "fault", 2, "drill-stall"),
  event(5050, "mode", 4, "safe"),
  event(5100, "marker", 0, "core drilled"),
  JSON.stringify({ t: 6000, type: "world", containerG: 42.5, spilledG: 0, coreMm: 30, scoops: 2, supplyVolts: 7.3 }),
  JSON.stringify({ t: 6100, type: "end", outcome: "fault", fault: "drill-stall" }),
].join("\n");

function embedded(html: string): { joints: number[][]; drill: number[][]; supply: number[][]; resets: number[] } {
  const json = /<script type="application\/json" id="data">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json ?? "null") as ReturnType<typeof embedded>;
}

describe("run report", () => {
  it("reads a log whose last line was cut off by a crash, and counts other bad lines", () => {
    const log = readLog(`${LOG}\n{"t": 7000, "type": "telem`);
    expect(log.truncated).toBe(true);
    expect(log.unreadable).toBe(1);
    expect(log.lines).toHaveLength(12);
  });

  it("skips lines that are JSON but not what their type promises, and the report still renders", () => {
    const odd = [
      '{"t": 7100, "type": "telemetry"}',
      '{"t": 7200, "type": "telemetry", "lander": {"nowMs": 1, "joints": "up"}}',
      '{"t": 7300, "type": "event", "event": "phase"}',
      '{"t": 7400, "type": "end", "outcome": "exploded"}',
      '{"t": "soon", "type": "command", "command": "start", "result": "ok"}',
    ];
    const log = readLog(`${LOG}\n${odd.join("\n")}\n`);
    expect(log.unreadable).toBe(1 + odd.length);
    expect(log.lines).toHaveLength(12);
    expect(renderReport(log, "x.jsonl")).toMatch(/6 unreadable lines skipped/);
  });

  it("plots the telemetry on the lander's clock from the mission's start, times the phases, lists faults and the samples", () => {
    const html = renderReport(readLog(LOG), "x.jsonl");
    const data = embedded(html);
    expect(data.joints).toHaveLength(5);
    expect(data.drill[0]).toEqual([200, 3200, 3400].map(fromStart));
    expect(data.drill[1]).toEqual([0, 10, 12.5]);
    expect(data.supply[1]).toEqual([7.4, 7.4, 7.4]);
    const lines = readLog(LOG).lines;
    // The mission ends where the lander made itself safe, not where the host stopped logging.
    expect(phaseSpans(lines, landerTimes(lines))).toEqual([
      { name: "self-test", startS: 0, endS: fromStart(3100) },
      { name: "drilling", startS: fromStart(3100), endS: fromStart(5050) },
    ]);
    expect(html).toContain(`<b>Duration:</b> <span id="duration">${duration(fromStart(5050) * 1000)}</span>`);
    expect(html).toContain(`<td>${seconds(fromStart(5000) * 1000)}</td><td>drill-stall</td>`);
    expect(html).toContain(`<td>${seconds(fromStart(5100) * 1000)}</td><td>core drilled</td>`);
    expect(html).toContain("Collected: a 30 mm core and 2 scoops; in the container: 42.5 g.");
    expect(html).toMatch(/Outcome:<\/b> fault \(drill-stall\)/);
    expect(html).toMatch(/1 unreadable line skipped/);
  });

  it("is self-contained and escapes what the log says", () => {
    const html = renderReport(readLog(LOG), "x.jsonl");
    expect(html).toContain("uPlot");
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("Evil &#60;/script&#62;&#60;b&#62;name&#60;/b&#62;");
  });

  it("says a run without an end line was cut short", () => {
    const html = renderReport(readLog(LOG.split("\n").slice(0, -1).join("\n")), "x.jsonl");
    expect(html).toMatch(/the run was cut short/);
  });

  it("reports the last run of a log that holds two (the same --log given twice), and says so", () => {
    const second = [
      startLogLine("second try", { lastReset: "brownout" }),
      telemetry(300, 1, 0),
      JSON.stringify({ t: 900, type: "end", outcome: "complete" }),
    ].join("\n");
    const both = readLog(`${LOG}\n${second}\n`);
    expect(both.runs).toBe(2);
    expect(both.lines).toHaveLength(3);
    const html = renderReport(both, "x.jsonl");
    expect(html).toContain("<h1>second try</h1>");
    expect(html).toContain("the lander&#39;s last reset: brownout");
    expect(html).toContain("This log holds 2 runs");
    expect(html).not.toContain("drill-stall");
    const log = path.join(dir, "twice.jsonl");
    writeFileSync(log, `${LOG}\n${second}\n`);
    expect(writeReport(log, path.join(dir, "twice.html")).summary).toBe(
      "the last of 2 runs: 1 telemetry sample, complete",
    );
    expect(readLog(LOG).runs).toBe(1);
  });

  it("writes the file, and refuses a missing log or one that is not a run log in one line", () => {
    const log = path.join(dir, "run.jsonl");
    writeFileSync(log, LOG);
    const out = path.join(dir, "run.html");
    expect(writeReport(log, out).summary).toBe("3 telemetry samples, fault");
    for (const bad of [path.join(dir, "missing.jsonl"), path.join(dir, "other.jsonl")]) {
      if (bad.endsWith("other.jsonl")) writeFileSync(bad, '{"hello": 1}\n');
      let error: unknown;
      try {
        writeReport(bad, out);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message.split("\n")).toHaveLength(1);
    }
  });
});

describe("the report's clock: the lander's", () => {
  it("carries the axis on across a lander reset: never back, never negative, never a jump by the old clock", () => {
    // The lander ran to 90 s on its clock, browned out, and came back counting from its boot.
    const log = [
      startLogLine("reset mid-run"),
      event(10, "mode", 1, "running", 30_000),
      event(10, "phase", 2, "drilling", 30_000),
      telemetryLogLine(20, { nowMs: 60_000 }),
      telemetryLogLine(30, { nowMs: 90_000 }),
      telemetryLogLine(40, { nowMs: 89_700 }),
      telemetryLogLine(900, { nowMs: 1_500 }),
      // run noticed the clock go back, and the lander said why it had reset.
      event(910, "reset", -1, undefined, 1_600),
      event(915, "reset", 2, "brownout", 1_700),
      // It wakes up safe, the mission interrupted, without a mode event (as the firmware does).
      telemetryLogLine(920, { nowMs: 2_000, mode: 4, phase: 0 }),
      JSON.stringify({ t: 950, type: "end", outcome: "interrupted", fault: "interrupted" }),
    ];
    const lines = readLog(log.join("\n")).lines;
    const times = landerTimes(lines);
    const at = times.atS.filter((s): s is number => s !== undefined);
    expect(at.every((s, i) => s >= 0 && (i === 0 || s >= at[i - 1]!))).toBe(true);
    // 60 s to the last word before the reset (a 0.3 s step back is not one), then the new clock's 1.5 s since boot.
    expect(times.resetsS).toEqual([60]);
    expect(plotData(lines, times).supply[0]).toEqual([30, 60, 60, 61.5, 62]);
    // The reset ended the mission and the phase it was in.
    expect(times.endS).toBe(60);
    expect(phaseSpans(lines, times)).toEqual([{ name: "drilling", startS: 0, endS: 60 }]);
    const html = renderReport(readLog(log.join("\n")), "x.jsonl");
    expect(html).toContain("The lander reset once");
    expect(html).toContain('<span id="duration">1 min 0 s</span>');
    expect(html).toContain("the log carries on 2.0 s after");
    expect(html).toContain("<td>61.7 s</td><td>reset (brownout)</td>");
    expect(html).not.toContain("<td>reset</td>");
    expect(html).toContain("<b>Outcome:</b> interrupted.");
    expect(embedded(html).resets).toEqual([60]);
  });

  it("does not make a replay's waits between steps into phases, and places its host-side markers", () => {
    // A replay: the lander completes after each step and waits for the host to send the next.
    const step = (t: number, phase: number, name: string, doneT: number): string[] => [
      event(t, "phase", phase, name, 1000 + t),
      event(t, "mode", 1, "running", 1000 + t),
      event(doneT, "phase", 9, "complete", 1000 + doneT),
      event(doneT, "mode", 5, "complete", 1000 + doneT),
    ];
    const log = [
      startLogLine("replayed", { how: "replay" }),
      ...step(0, 1, "self-test", 500),
      ...step(2000, 1, "self-test", 2500),
      // The host keeps markers: they carry no lander time.
      event(3000, "marker", 0, "checked", -1),
      ...step(4000, 2, "drilling", 4200),
      ...step(6000, 2, "drilling", 7000),
      JSON.stringify({ t: 7100, type: "end", outcome: "complete" }),
    ].join("\n");
    const lines = readLog(log).lines;
    expect(phaseSpans(lines, landerTimes(lines))).toEqual([
      { name: "self-test", startS: 0, endS: 2.5 },
      { name: "drilling", startS: 4, endS: 7 },
    ]);
    const html = renderReport(readLog(log), "x.jsonl");
    expect(html).not.toMatch(/<td>complete<\/td>/);
    expect(html).toContain('<span id="duration">7.0 s</span>');
    expect(html).toContain("<td>3.0 s</td><td>checked</td>");
  });

  it("counts from the log's first lander time when the log does not show the start, and says so", () => {
    const log = [
      startLogLine("joined late"),
      telemetryLogLine(5, { nowMs: 70_000 }),
      telemetryLogLine(6, { nowMs: 75_000 }),
    ];
    const html = renderReport(readLog(log.join("\n")), "x.jsonl");
    expect(embedded(html).supply[0]).toEqual([0, 5]);
    expect(html).toContain("from the log's first lander time (the log does not show the start)");
  });
});

describe("run log bounds", () => {
  it("refuses to write a line over 16 KiB in one clear line, and keeps the lines before it", () => {
    const file = path.join(dir, "bounded.jsonl");
    const writer = new RunLogWriter(file);
    writer.write({ type: "command", command: "start", result: "ok" });
    expect(() => writer.write({ type: "command", command: "x".repeat(MAX_LINE_BYTES), result: "ok" })).toThrow(
      UserError,
    );
    writer.close();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: "command", command: "start" });
  });

  it("skips a line over 16 KiB when reading, unparsed, as unreadable", () => {
    const huge = JSON.stringify({ t: 1, type: "command", command: "x".repeat(MAX_LINE_BYTES), result: "ok" });
    const log = readLog(`${LOG}\n${huge}\n`);
    expect(log.unreadable).toBe(2);
    expect(log.lines.some((line) => line.type === "command")).toBe(false);
  });
});
