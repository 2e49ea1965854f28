// Two linked pseudo-terminals from socat: the simulated board holds one end, host tools open the
// other as if it were a USB-serial port. socat exits when either side goes away for good.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { UserError } from "../cli/errors";

export interface PtyPair {
  /** The end the simulated lander's UART is bridged to. */
  readonly boardPath: string;
  /** The end users and tools open: a serial port to them. */
  readonly hostPath: string;
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 5000;

export async function openPtyPair(options: { dir?: string } = {}): Promise<PtyPair> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "farside-"));
  const boardPath = path.join(dir, "board");
  const hostPath = path.join(dir, "lander");
  const child = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${boardPath}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let log = "";
    const timer = setTimeout(
      () => fail(new UserError(`socat did not open a pty pair: ${log.trim().split("\n").pop() ?? ""}`)),
      READY_TIMEOUT_MS,
    );
    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    child.on("error", (error: NodeJS.ErrnoException) => {
      fail(
        error.code === "ENOENT"
          ? new UserError("socat is not installed: apt-get install socat (or brew install socat)")
          : error,
      );
    });
    const exited = (): void => fail(new UserError(`socat exited: ${log.trim().split("\n").pop() ?? ""}`));
    child.on("exit", exited);
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("starting data transfer loop")) {
        clearTimeout(timer);
        child.off("exit", exited);
        resolve();
      }
    });
  });
  return { boardPath, hostPath, close: () => stopSocat(child) };
}

function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill();
  });
}
