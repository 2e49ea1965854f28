import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { UserError } from "../errors";
import type { LogLine } from "./format";

/** Longest line written or read; a bigger one is a bug upstream, not something to fill a disk with. */
export const MAX_LINE_BYTES = 16 * 1024;

type Body<L> = L extends LogLine ? Omit<L, "t"> : never;

/**
 * Appends run-log lines to a file as they come: each is one write of a whole line, so a crash
 * leaves every earlier line readable and at worst a cut last line, which the reader skips.
 * A write that fails (a full disk) is not thrown from inside a telemetry handler: the writer
 * keeps the error, writes nothing more, and the command polling `failed` stops the lander safe.
 */
export class RunLogWriter {
  private readonly fd: number;
  private readonly startedMs = performance.now();
  private failure: UserError | undefined;
  lines = 0;
  /** Whether this writer has written a start line, and an end line, for its run. */
  started = false;
  ended = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, "a+");
      // A run cut mid-line (a crash, a full disk) must not swallow this run's start line.
      if (!endsWithNewline(this.fd)) writeSync(this.fd, "\n");
    } catch (error) {
      throw new UserError(`cannot write the run log ${path}: ${(error as Error).message.split("\n")[0]}`);
    }
  }

  /** Why the log stopped taking lines, if it has. */
  get failed(): UserError | undefined {
    return this.failure;
  }

  write(line: Body<LogLine>): void {
    if (this.failure) return;
    const text = `${JSON.stringify({ t: Math.round(performance.now() - this.startedMs), ...line })}\n`;
    if (Buffer.byteLength(text) > MAX_LINE_BYTES) {
      throw new UserError(
        `run log line of ${Buffer.byteLength(text)} bytes (${line.type}) is over 16 KiB: not written`,
      );
    }
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.failure = new UserError(
        `cannot write the run log ${this.path}: ${(error as Error).message.split("\n")[0]}; the lander was stopped safe`,
      );
      return;
    }
    this.lines++;
    if (line.type === "start") this.started = true;
    if (line.type === "end") this.ended = true;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** True for an empty file or one whose last byte is a newline. */
function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
