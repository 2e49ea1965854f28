// Whether two paths name one file: `farside report run.jsonl -o run.jsonl` must not write the
// HTML over the log it reads. Compared as real paths (symlinks and ".." resolved, also for a
// file not written yet) and, for files that exist, by device and inode (hard links).
import { realpathSync, statSync } from "node:fs";
import path from "node:path";

/** The real path of `file`, or of its folder joined with its name when the file does not exist yet. */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    const absolute = path.resolve(file);
    try {
      return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
    } catch {
      return absolute;
    }
  }
}

export function sameFile(a: string, b: string): boolean {
  if (realPath(a) === realPath(b)) return true;
  try {
    const [first, second] = [statSync(a), statSync(b)];
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}
