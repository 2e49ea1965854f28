// `--report` on the commands that fly: where the report goes, the check before the flight that
// it will not overwrite the log, and writing it once the flight has ended.
import { writeReport } from "../run-report";
import { UserError } from "../errors";
import { sameFile } from "../same-file";

/** Where a run log's report goes: `out`, else next to the log with .html for .jsonl. */
function reportPath(logPath: string, out: string | undefined): string {
  return out ?? `${logPath.replace(/\.jsonl$/, "")}.html`;
}

/** The HTML report of a run log, next to it unless `out` says where; prints where it went and what it says. */
export function writeRunReport(logPath: string, out: string | undefined, print: (line: string) => void): void {
  const { summary, outPath } = writeReport(logPath, reportPath(logPath, out));
  print(`report: ${outPath} (${summary})`);
}

/**
 * Before a flight: refuses `--report` naming the `--log` file, which the report would overwrite
 * once the flight ended (the run's only record); nothing has been written yet.
 */
export function checkReportOption(report: string | boolean | undefined, logPath: string): void {
  if (report === undefined || report === false) return;
  const out = reportPath(logPath, typeof report === "string" ? report : undefined);
  if (sameFile(logPath, out))
    throw new UserError(`--report ${out} is the run log itself (--log ${logPath}): give the report another file`);
}

/** `--report [file]`, once the flight has ended: a file named, or true for one next to the log. */
export function writeReportIfAsked(
  report: string | boolean | undefined,
  logPath: string,
  print: (line: string) => void,
): void {
  if (report === undefined || report === false) return;
  writeRunReport(logPath, typeof report === "string" ? report : undefined, print);
}
