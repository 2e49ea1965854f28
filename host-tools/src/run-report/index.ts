import { writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors";
import { readInputFile } from "../input-file";
import { sameFile } from "../same-file";
import { readLog, type ReadLog } from "./read-log";
import { renderReport } from "./render";

/** Logs bigger than this are not something a browser should be asked to plot. */
export const MAX_LOG_BYTES = 50 * 1024 * 1024;

/** Refuses a report path that is the log itself: the HTML would replace the run it reports. */
export function checkReportPath(logPath: string, outPath: string): void {
  if (sameFile(logPath, outPath))
    throw new UserError(`the report ${outPath} would overwrite the run log ${logPath}: give -o another file`);
}

/** A run log read from its file: its last run, or a UserError saying in one line why it is not one. */
export function loadRunLog(logPath: string): ReadLog {
  const text = readInputFile(logPath, MAX_LOG_BYTES, "run log").toString("utf8");
  const log = readLog(text);
  if (!log.lines.some((line) => line.type === "start"))
    throw new UserError(`${logPath} is not a farside run log (no start line)`);
  return log;
}

/** Reads a run log and writes its HTML report; returns a one-line summary. */
export function writeReport(logPath: string, outPath: string): { summary: string; outPath: string } {
  checkReportPath(logPath, outPath);
  const log = loadRunLog(logPath);
  try {
    writeFileSync(outPath, renderReport(log, path.basename(logPath)));
  } catch (error) {
    throw new UserError(`cannot write ${outPath}: ${(error as Error).message.split("\n")[0]}`);
  }
  const telemetry = log.lines.filter((line) => line.type === "telemetry").length;
  const end = log.lines.find((line) => line.type === "end");
  const which = log.runs > 1 ? `the last of ${log.runs} runs: ` : "";
  return {
    outPath,
    summary: `${which}${telemetry} telemetry sample${telemetry === 1 ? "" : "s"}, ${end ? end.outcome : "cut short"}`,
  };
}
