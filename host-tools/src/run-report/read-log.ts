import type { Ajv } from "ajv";
import { lazyAjv } from "../lazy";
import type { LogLine } from "../runlog/format";
import { LOG_LINE_SCHEMA } from "../runlog/line-schema";
import { MAX_LINE_BYTES } from "../runlog/writer";

export interface ReadLog {
  /** The lines of the log's last run. */
  readonly lines: LogLine[];
  /** Runs in the file: the writer appends, so a --log given twice holds two. */
  readonly runs: number;
  /** Lines that were not JSON or not a log line, other than a cut-off last line. */
  readonly unreadable: number;
  /** The last line was cut off: the run stopped while writing it. */
  readonly truncated: boolean;
}

let validator: ReturnType<Ajv["compile"]> | undefined;

function isLogLine(value: unknown): value is LogLine {
  validator ??= new (lazyAjv().Ajv)({ strict: false }).compile(LOG_LINE_SCHEMA);
  // Compiled without async keywords, so the result is a boolean.
  return validator(value) === true;
}

/**
 * Parses a run log, tolerating a crash's cut-off last line and counting any other bad line. A
 * file that holds several runs gives the last one, whose times start again from zero.
 */
export function readLog(text: string): ReadLog {
  const raw = text.split("\n");
  if (raw.at(-1) === "") raw.pop();
  const lines: LogLine[] = [];
  let unreadable = 0;
  let truncated = false;
  raw.forEach((line, index) => {
    // farside never writes a line this long: whatever it is, it is not parsed.
    if (line.length > MAX_LINE_BYTES) {
      unreadable++;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (index === raw.length - 1 && !text.endsWith("\n")) truncated = true;
      else unreadable++;
      return;
    }
    if (isLogLine(parsed)) lines.push(parsed);
    else unreadable++;
  });
  const types = lines.map((line) => line.type);
  const runs = types.filter((type) => type === "start").length;
  return { lines: runs > 1 ? lines.slice(types.lastIndexOf("start")) : lines, runs, unreadable, truncated };
}
