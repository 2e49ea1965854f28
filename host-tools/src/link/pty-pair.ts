// Two linked pseudo-terminals from socat: the simulated board holds one end, host tools open the
// other as if it were a USB-serial port.
//
// Lifetime, as seen with socat 1.7.4 on Linux: socat keeps a descriptor of its own on both pts
// devices, so a program closing (or reopening) either end neither hangs the link up nor ends
// socat. Bytes written while nobody has the other end open wait in its tty, but bindings-cpp
// flushes them when it opens a port, so a board's greeting sent before the host opened is lost.
// socat ends when it is killed or fails; whatever holds an end then reads "bad file descriptor".
// Other socat versions or options may end when a side closes, and anyone may kill socat, so
// close() accepts a socat that is already gone.
import type { ChildProcess } from "node:child_process";
import { lstat, mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { spawnHelper } from "../child-lifetime";
import { UserError } from "../errors";

/** What to do without socat, where the pty is wanted: install it, or go without a pty. */
const SOCAT_MISSING =
  "socat is not installed: apt-get install socat (or brew install socat), or do without a pty: farside sim --tcp PORT serves the lander on 127.0.0.1, and --sim alone needs none";

export interface PtyPair {
  /** The end the simulated lander's UART is bridged to (a symlink to a /dev/pts device). */
  readonly boardPath: string;
  /** The end users and tools open: a serial port to them (a symlink to a /dev/pts device). */
  readonly hostPath: string;
  /** Stops socat (which removes both links) and waits for it; idempotent. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 5000;
/** socat exits at once on SIGTERM; this only guards against one that hangs. */
const KILL_AFTER_MS = 2000;

type ChildProcessWithStderr = ChildProcess & { readonly stderr: Readable };

export interface PtyPairOptions {
  /** Folder for the two links; a fresh temporary one (removed on close) by default. */
  readonly dir?: string;
  /** A stable path for the host end (`farside sim --link`); a stale link there is replaced. */
  readonly hostLink?: string;
}

export async function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  // socat splits an address at these characters, so a path holding one would not mean a path.
  for (const given of [options.dir, options.hostLink]) {
    if (given !== undefined && /[,:!]/.test(given)) {
      throw new UserError(`pty path ${given} must not contain ",", ":" or "!" (socat reads them)`);
    }
  }
  if (options.hostLink !== undefined) await replaceStaleLink(options.hostLink);
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), "farside-")));
  const removeDir = async (): Promise<void> => {
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  const boardPath = path.join(dir, "board");
  const hostPath = options.hostLink ?? path.join(dir, "lander");
  // Out of the terminal's process group (a Ctrl-C is farside's to act on), and sent SIGTERM the
  // moment farside is gone, however it went: a socat left behind would hold the ptys for ever.
  const child = spawnHelper(
    "socat",
    ["-d", "-d", `pty,raw,echo=0,link=${boardPath}`, `pty,raw,echo=0,link=${hostPath}`],
    "TERM",
    { stdio: ["ignore", "ignore", "pipe"] },
  ) as ChildProcessWithStderr;
  // Its log pipe fails only as socat goes away (killed, or Ctrl-C to the process group); its exit
  // says so, and close() accepts a socat that is gone. Unhandled, the 'error' would crash us.
  child.stderr.on("error", () => undefined);
  try {
    await socatReady(child);
  } catch (error) {
    await removeDir();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    boardPath,
    hostPath,
    close: () => (closing ??= stopSocat(child).then(removeDir)),
  };
}

/**
 * Resolves when socat has made both ptys and their links and entered its transfer loop. With
 * `-d -d` it logs "PTY is /dev/pts/N" for each end, then "starting data transfer loop".
 */
function socatReady(child: ChildProcessWithStderr): Promise<void> {
  const stderr = child.stderr;
  return new Promise((resolve, reject) => {
    let log = "";
    // socat's error ("E") or fatal ("F") line says what went wrong; its last line is only "exit(1)".
    const complaint = (): string => {
      const complaints = [...log.matchAll(/ socat\[\d+\] [EF] (.*)/g)].map((match) => match[1]);
      return complaints.pop() ?? log.trim().split("\n").pop() ?? "";
    };
    const timer = setTimeout(
      () => fail(new UserError(`socat did not open a pty pair within ${READY_TIMEOUT_MS} ms: ${complaint()}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const ptys = log.match(/PTY is \/dev\/\S+/g) ?? [];
      if (ptys.length >= 2 && log.includes("starting data transfer loop")) {
        settle();
        // Keep draining: a full pipe would block socat's next log write.
        stderr.resume();
        resolve();
      }
    };
    const onError = (error: NodeJS.ErrnoException): void =>
      fail(
        error.code === "ENOENT" ? new UserError(SOCAT_MISSING) : new UserError(`cannot start socat: ${error.message}`),
      );
    // "close", not "exit": it comes after stderr has ended, so the complaint has been read.
    const onClose = (): void =>
      fail(
        // setpriv found, socat not: setpriv says it cannot execute it.
        /failed to execute socat/.test(log)
          ? new UserError(SOCAT_MISSING)
          : new UserError(`socat exited before the pty pair was ready: ${complaint()}`),
      );
    function settle(): void {
      clearTimeout(timer);
      stderr.off("data", onData);
      child.off("error", onError);
      child.off("close", onClose);
    }
    function fail(error: Error): void {
      settle();
      child.kill();
      reject(error);
    }
    stderr.on("data", onData);
    child.on("error", onError);
    child.on("close", onClose);
  });
}

/** Removes a symlink left by an earlier run; refuses to touch anything else at that path. */
async function replaceStaleLink(link: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(link);
  } catch {
    return;
  }
  if (!stats.isSymbolicLink()) throw new UserError(`${link} exists and is not a symlink: choose another --link path`);
  await unlink(link);
}

function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
    child.once("exit", () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill();
  });
}
