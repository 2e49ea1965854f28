import { spawn, type ChildProcessByStdio } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";

const CLI = path.join(REPO_ROOT, "dist", "farside.js");

export type Cli = ChildProcessByStdio<null, Readable, Readable>;
/** A started CLI whose standard input the test types into (the console). */
export type TypedCli = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * Starts the built CLI in a child process. No stdin pipe: nothing writes to it, and the CLI reads
 * none (Ctrl-C is a signal). `detached` gives it a process group of its own, as a shell does a job.
 */
export function startFarside(
  args: readonly string[],
  options: { readonly detached?: boolean; readonly env?: NodeJS.ProcessEnv } = {},
): Cli {
  return spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], ...options });
}

/** Starts the built CLI with a pipe to its standard input, for commands that read typed lines. */
export function startTypedFarside(
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv } = {},
): TypedCli {
  return spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"], ...options });
}

/** What a started CLI prints, as it comes, and its exit. */
export function collect(child: Cli | TypedCli): {
  out: () => string;
  err: () => string;
  done: Promise<{ code: number | null; err: string }>;
} {
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return {
    out: () => out,
    err: () => err,
    done: new Promise((resolve) => child.on("exit", (code) => resolve({ code, err }))),
  };
}

/** Polls `check` until it holds; throws after `limitMs` of wall time. */
export async function until(check: () => boolean, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs the built CLI in a child process, without blocking this one: its event loop may be
 * driving a simulated board the command talks to.
 */
export function farside(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = startFarside(args);
  const output = collect(child);
  return output.done.then(({ code, err }) => ({ code, out: output.out(), err }));
}

/**
 * For the describe block it is called in: a folder holding only a link to this node, made before
 * its tests and removed after them. As a PATH, no other program (socat, a compiler) is on it.
 * Returns the folder's path, known once the tests run.
 */
export function nodeOnlyBin(prefix: string): () => string {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    symlinkSync(process.execPath, path.join(dir, "node"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
