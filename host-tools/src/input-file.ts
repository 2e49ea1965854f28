// Every file a user hands the host tools (a mission, a board, a run log, a flash image) is read
// here: it must be a regular file, and no more than a limit is read from it. A size from stat()
// is not enough on its own: a device (/dev/zero) or a FIFO reports 0 and never ends, and a
// FIFO's open() waits for a writer. So the kind is checked first, the file is opened without
// blocking, and the read stops one byte past the limit whatever stat said.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { UserError } from "./errors";

/** Why a file cannot be read as input, worded to follow "mission FILE ". */
export class InputFileError extends UserError {
  constructor(
    readonly file: string,
    /** For example "is a FIFO (named pipe), not a regular file". */
    readonly reason: string,
    what: string,
  ) {
    super(`${what} ${file} ${reason}`);
  }
}

/** What a path that is not a regular file is, for the one line that refuses it, where known. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return undefined;
}

const READ_CHUNK_BYTES = 1024 * 1024;

/** 262144 as "256 KiB", 52428800 as "50 MiB". */
export function sizeLabel(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function refusal(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  const kind = kindOf(stats);
  return kind ? `is ${kind}, not a regular file` : "is not a regular file";
}

/**
 * The bytes of `file` (symlinks followed), or an InputFileError saying in one line why not: it
 * does not exist, is not a regular file, cannot be read, or holds more than `limit` bytes.
 * `what` names the file's role in the message ("mission", "run log").
 */
export function readInputFile(file: string, limit: number, what: string): Buffer {
  const fail = (reason: string): never => {
    throw new InputFileError(file, reason, what);
  };
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    return fail(systemReason(error));
  }
  const before = refusal(stats);
  if (before) return fail(before);
  if (stats.size > limit) return fail(`is larger than ${sizeLabel(limit)}`);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, open() must not wait.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return fail(systemReason(error));
  }
  try {
    const after = refusal(fstatSync(fd));
    if (after) return fail(after);
    // Chunks until end of file or one byte past the limit: a file that grew since the stat, or
    // a /proc file that reports size 0, is bounded all the same.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) return fail(`is larger than ${sizeLabel(limit)}`);
    }
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    return fail(systemReason(error));
  } finally {
    closeSync(fd);
  }
}

/** "ENOENT: no such file or directory, stat 'x'" as "does not exist". */
function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "does not exist";
  if (code === "EACCES" || code === "EPERM") return "cannot be read: permission denied";
  if (code === "ENOTDIR") return "does not exist (a part of its path is not a folder)";
  if (code === "ELOOP") return "is a symlink loop";
  return `cannot be read: ${(error as Error).message.split("\n")[0]?.replace(/^\w+: /, "")}`;
}
