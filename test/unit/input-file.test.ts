// Files a user hands the host tools: regular files only, read up to a limit whatever stat says,
// and a FIFO refused rather than waited on.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputFileError, readInputFile, sizeLabel } from "../../host-tools/src/input-file";

const dir = mkdtempSync(path.join(tmpdir(), "farside-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reason(file: string, limit = 1024): string {
  try {
    readInputFile(file, limit, "mission");
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    expect(error.message.split("\n")).toHaveLength(1);
    return error.reason;
  }
  throw new Error(`${file} was read`);
}

describe("input files", () => {
  it("reads a regular file, through a symlink too, up to and including the limit", () => {
    const file = path.join(dir, "exact.txt");
    writeFileSync(file, "x".repeat(1024));
    expect(readInputFile(file, 1024, "mission")).toHaveLength(1024);
    const link = path.join(dir, "link.txt");
    symlinkSync(file, link);
    expect(readInputFile(link, 1024, "mission").toString()).toBe("x".repeat(1024));
  });

  it("refuses a byte past the limit, naming it", () => {
    const file = path.join(dir, "big.txt");
    writeFileSync(file, "x".repeat(1025));
    expect(reason(file)).toBe("is larger than 1 KiB");
  });

  it("refuses devices, folders and FIFOs, saying which, without reading or waiting", () => {
    expect(reason("/dev/zero")).toBe("is a character device, not a regular file");
    const zero = path.join(dir, "zero.json");
    symlinkSync("/dev/zero", zero);
    expect(reason(zero)).toBe("is a character device, not a regular file");
    expect(reason(dir)).toBe("is a folder, not a regular file");
    const fifo = path.join(dir, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    expect(reason(fifo)).toBe("is a FIFO (named pipe), not a regular file");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("says a missing file does not exist, with its role and path", () => {
    const missing = path.join(dir, "nope.yaml");
    expect(reason(missing)).toBe("does not exist");
    expect(() => readInputFile(missing, 10, "run log")).toThrow(`run log ${missing} does not exist`);
  });

  it("names sizes as people write them", () => {
    expect([sizeLabel(256 * 1024), sizeLabel(50 * 1024 * 1024), sizeLabel(1000)]).toEqual([
      "256 KiB",
      "50 MiB",
      "1000 bytes",
    ]);
  });
});
