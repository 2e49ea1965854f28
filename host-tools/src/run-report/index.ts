import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors";
import { readLog } from "./read-log";
import { renderReport } from "./render";

/** Logs bigger than this are not something a browser should be asked to plot. */
const MAX_LOG_BYTES = 50 * 1024 * 1024;

/** Reads a run log and writes its HTML report; returns a one-line summary. */
export function writeReport(logPath: string, outPath: string): { summary: string; outPath: string } {
  let text: string;
  try {
    if (statSync(logPath).size > MAX_LOG_BYTES) throw new UserError(`${logPath}: larger than 50 MB`);
    text = readFileSync(logPath, "utf8");
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `cannot read run log ${logPath}: ${(error as Error).message.split("\n")[0]?.replace(/^\w+: /, "")}`,
    );
  }
  const log = readLog(text);
  if (!log.lines.some((line) => line.type === "start"))
    throw new UserError(`${logPath} is not a farside run log (no start line)`);
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
