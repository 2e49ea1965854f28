// farside report's input and output: the log is a regular file read up to 50 MiB, and the
// report is never written over the log it reads.
import { execFileSync } from "node:child_process";
import { linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { checkReportPath, writeReport } from "../../host-tools/src/run-report";
import { startLogLine } from "../support/run-log";

const dir = mkdtempSync(path.join(tmpdir(), "farside-report-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOG = `${startLogLine("guarded")}\n${JSON.stringify({ t: 10, type: "end", outcome: "complete" })}\n`;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message.split("\n")).toHaveLength(1);
    return error.message.replaceAll(`${dir}/`, "");
  }
  throw new Error("taken");
}

describe("report input", () => {
  it("refuses to write the report over its log: the same path, via .., a symlink or a hard link", () => {
    const log = path.join(dir, "run.jsonl");
    writeFileSync(log, LOG);
    symlinkSync(log, path.join(dir, "alias.jsonl"));
    linkSync(log, path.join(dir, "hard.jsonl"));
    for (const out of [
      log,
      path.join(dir, "sub", "..", "run.jsonl"),
      path.join(dir, "alias.jsonl"),
      path.join(dir, "hard.jsonl"),
    ]) {
      expect(
        refusal(() => writeReport(log, out)),
        out,
      ).toMatch(/would overwrite the run log run\.jsonl: give -o another file$/);
    }
    expect(readFileSync(log, "utf8")).toBe(LOG);
    expect(() => checkReportPath(log, path.join(dir, "run.html"))).not.toThrow();
  });

  it("refuses a FIFO and a device as the log, without waiting or reading", () => {
    const fifo = path.join(dir, "fifo.jsonl");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    expect(refusal(() => writeReport(fifo, path.join(dir, "f.html")))).toBe(
      "run log fifo.jsonl is a FIFO (named pipe), not a regular file",
    );
    expect(Date.now() - started).toBeLessThan(1000);
    const zero = path.join(dir, "zero.jsonl");
    symlinkSync("/dev/zero", zero);
    expect(refusal(() => writeReport(zero, path.join(dir, "z.html")))).toBe(
      "run log zero.jsonl is a character device, not a regular file",
    );
  });
});
