import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { writeReport } from "../../host-tools/src/run-report";
import { readLog } from "../../host-tools/src/run-report/read-log";
import { phaseSpans, renderReport } from "../../host-tools/src/run-report/render";
import { MAX_LINE_BYTES, RunLogWriter } from "../../host-tools/src/runlog/writer";
import { startLogLine, telemetryLogLine } from "../support/run-log";

const dir = mkdtempSync(path.join(tmpdir(), "farside-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const telemetry = (t: number, phase: number, depthMm: number): string => telemetryLogLine(t, { phase, depthMm });

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
  JSON.stringify({ t: 100, type: "event", event: "phase", value: 1, name: "self-test", landerMs: 100 }),
  telemetry(200, 1, 0),
  "{ this line is not JSON",
  JSON.stringify({ t: 3100, type: "event", event: "phase", value: 2, name: "drilling", landerMs: 3100 }),
  telemetry(3200, 2, 10),
  telemetry(3400, 2, 12.5),
  JSON.stringify({ t: 5000, type: "event", event: "fault", value: 2, name: "drill-stall", landerMs: 5000 }),
  JSON.stringify({ t: 5100, type: "event", event: "marker", value: 0, name: "core drilled", landerMs: 5100 }),
  JSON.stringify({ t: 6000, type: "world", containerG: 42.5, spilledG: 0, coreMm: 30, scoops: 2, supplyVolts: 7.3 }),
  JSON.stringify({ t: 6100, type: "end", outcome: "fault", fault: "drill-stall" }),
].join("\n");

describe("run report", () => {
  it("reads a log whose last line was cut off by a crash, and counts other bad lines", () => {
    const log = readLog(`${LOG}\n{"t": 7000, "type": "telem`);
    expect(log.truncated).toBe(true);
    expect(log.unreadable).toBe(1);
    expect(log.lines).toHaveLength(10);
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
    expect(log.lines).toHaveLength(10);
    expect(renderReport(log, "x.jsonl")).toMatch(/6 unreadable lines skipped/);
  });

  it("plots the telemetry from the embedded data, times the phases, lists faults and the samples", () => {
    const html = renderReport(readLog(LOG), "x.jsonl");
    const json = /<script type="application\/json" id="data">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(json ?? "null") as { joints: number[][]; drill: number[][]; supply: number[][] };
    expect(data.joints).toHaveLength(5);
    expect(data.drill[0]).toEqual([0.2, 3.2, 3.4]);
    expect(data.drill[1]).toEqual([0, 10, 12.5]);
    expect(data.supply[1]).toEqual([7.4, 7.4, 7.4]);
    expect(phaseSpans(readLog(LOG).lines)).toEqual([
      { name: "self-test", startS: 0.1, endS: 3.1 },
      { name: "drilling", startS: 3.1, endS: 6.1 },
    ]);
    expect(html).toMatch(/<td>drill-stall<\/td>/);
    expect(html).toMatch(/<td>core drilled<\/td>/);
    expect(html).toMatch(/42\.5 g in the container: a 30 mm core and 2 scoops/);
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
