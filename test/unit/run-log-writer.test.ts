// The run log as a disk treats it: a run appended after one cut mid-line keeps its own start line,
// and a disk that refuses writes stops the log without throwing inside a telemetry handler.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLog } from "../../host-tools/src/run-report/read-log";
import { RunLogWriter } from "../../host-tools/src/runlog/writer";

const START = {
  type: "start",
  mission: "second",
  board: "esp32-devkitc",
  port: "/dev/ttyUSB0",
  how: "run",
  farside: "0.1.0",
  started: "2026-12-07T00:00:00.000Z",
  lastReset: "power-on",
} as const;

describe("run log writer", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("starts a run appended after a line cut short on a line of its own", () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-log-"));
    const file = path.join(dir, "run.jsonl");
    writeFileSync(file, `${JSON.stringify({ t: 0, ...START, mission: "first" })}\n{"t":5,"type":"telem`);
    const log = new RunLogWriter(file);
    log.write(START);
    log.write({ type: "end", outcome: "complete" });
    log.close();
    const read = readLog(readFileSync(file, "utf8"));
    // Both runs' start lines parse: the report tells the log holds two and shows the last.
    expect(read.runs).toBe(2);
    expect(read.lines[0]).toMatchObject({ type: "start", mission: "second" });
    expect(log.started && log.ended).toBe(true);
  });

  it("adds nothing to a log that ends whole", () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-log-"));
    const file = path.join(dir, "run.jsonl");
    writeFileSync(file, `${JSON.stringify({ t: 0, ...START })}\n`);
    new RunLogWriter(file).close();
    expect(readFileSync(file, "utf8").endsWith("}\n")).toBe(true);
  });

  it("keeps a failed write's error instead of throwing it, and writes nothing after", () => {
    // Linux's /dev/full refuses every write with ENOSPC, as a full disk does.
    const log = new RunLogWriter("/dev/full");
    expect(() => log.write(START)).not.toThrow();
    expect(log.failed?.message).toMatch(/^cannot write the run log \/dev\/full: ENOSPC.*the lander was stopped safe$/);
    expect(log.lines).toBe(0);
    expect(log.started).toBe(false);
    log.close();
  });
});
