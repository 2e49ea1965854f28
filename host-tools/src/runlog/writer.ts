import { closeSync, openSync, writeSync } from "node:fs";
import { UserError } from "../errors";
import type { LogLine } from "./format";

/** Longest line written or read; a bigger one is a bug upstream, not something to fill a disk with. */
export const MAX_LINE_BYTES = 16 * 1024;

type Body<L> = L extends LogLine ? Omit<L, "t"> : never;

/**
 * Appends run-log lines to a file as they come: each is one write of a whole line, so a crash
 * leaves every earlier line readable and at worst a cut last line, which the reader skips.
 */
export class RunLogWriter {
  private readonly fd: number;
  private readonly startedMs = performance.now();
  lines = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, "a");
    } catch (error) {
      throw new UserError(`cannot write the run log ${path}: ${(error as Error).message.split("\n")[0]}`);
    }
  }

  write(line: Body<LogLine>): void {
    const text = `${JSON.stringify({ t: Math.round(performance.now() - this.startedMs), ...line })}\n`;
    if (Buffer.byteLength(text) > MAX_LINE_BYTES) {
      throw new UserError(
        `run log line of ${Buffer.byteLength(text)} bytes (${line.type}) is over 16 KiB: not written`,
      );
    }
    writeSync(this.fd, text);
    this.lines++;
  }

  close(): void {
    closeSync(this.fd);
  }
}
