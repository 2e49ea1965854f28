// The built CLI on a real pseudo-terminal, as a user's terminal runs it: util-linux's `script`
// gives it a pty for stdin and stdout (so readline reads keys, echoes and keeps history), and
// the test types into it through script's stdin. What comes back is read as a terminal would
// show it, one line per screen line.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { until } from "./cli";

const CLI = path.join(REPO_ROOT, "dist", "farside.js");

/** A word for sh -c: single-quoted, its quotes closed and escaped. */
const shellWord = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

const ESC = "\x1b";
/** A carriage return, or the cursor to column 1: what follows is drawn from the line's start. */
const LINE_START = new RegExp(`\r|${ESC}\\[1G`);
/** Any other cursor or erase sequence. */
const CSI = new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, "g");

/** What each line of the output leaves on screen: the text after its last carriage return or move to column 1. */
export function screenLines(raw: string): string[] {
  return raw
    .split("\n")
    .map((line) => line.replace(/\r+$/, ""))
    .map((line) => line.split(LINE_START).at(-1)!)
    .map((line) => line.replace(CSI, ""));
}

export interface PtyCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** The screen's lines so far. */
  lines(): string[];
  /** Types keys (a line ends with "\r", as Enter sends it). */
  type(keys: string): void;
  /** Waits until a screen line matches, after the `after`th line; returns its index. */
  waitFor(pattern: RegExp, after?: number, limitMs?: number): Promise<number>;
  readonly exit: Promise<number | null>;
}

export function farsideInPty(args: readonly string[], env: NodeJS.ProcessEnv = process.env): PtyCli {
  const command = [process.execPath, CLI, ...args].map(shellWord).join(" ");
  // -e: script exits with the command's status; -f: output flushed as it comes.
  const child = spawn("script", ["-qfec", command, "/dev/null"], { env: { ...env, TERM: "xterm" } });
  let raw = "";
  child.stdout.on("data", (chunk: Buffer) => (raw += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (raw += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const lines = (): string[] => screenLines(raw);
  return {
    child,
    lines,
    type: (keys) => child.stdin.write(keys),
    waitFor: async (pattern, after = 0, limitMs = 30_000) => {
      const find = (): number => lines().findIndex((line, i) => i >= after && pattern.test(line));
      try {
        await until(() => find() >= 0, limitMs);
      } catch {
        throw new Error(`no line matched ${pattern} after line ${after}; the screen:\n${lines().join("\n")}`);
      }
      return find();
    },
    exit,
  };
}
