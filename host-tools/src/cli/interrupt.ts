// Ctrl-C and SIGTERM as a command sees them. The first asks the command to stop in order (abort
// the lander to safe, write the log's end line, stop the simulator); a second means "now": farside
// leaves at once, and its children go with it (child-lifetime.ts). Either way it exits as shells
// expect of a signalled program, 128 + the signal's number.
import { constants } from "node:os";

export type StopSignal = "SIGINT" | "SIGTERM";

/** 130 for Ctrl-C, 143 for SIGTERM. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

export interface InterruptWatch {
  /** The signal that asked the command to stop, if one has. */
  readonly signal: () => StopSignal | undefined;
  /** Resolves with the first signal. */
  readonly stopped: Promise<StopSignal>;
  /** Stops watching; the process's default handling comes back. */
  release(): void;
}

export function watchInterrupt(print: (line: string) => void = (line) => console.error(line)): InterruptWatch {
  let received: StopSignal | undefined;
  let resolveStopped: (signal: StopSignal) => void = () => undefined;
  const stopped = new Promise<StopSignal>((resolve) => (resolveStopped = resolve));
  const on = (signal: StopSignal) => (): void => {
    if (received) {
      print("farside: stopped at once; the lander is left as it is (farside status tells)");
      process.exit(signalExitCode(signal));
    }
    received = signal;
    process.exitCode = signalExitCode(signal);
    resolveStopped(signal);
  };
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  // A Windows console sends Ctrl-C as SIGINT (Node emulates it) and Ctrl-Break as SIGBREAK: the
  // same request to stop. SIGTERM never comes there; a closed window is SIGHUP, and ends farside.
  const windows = process.platform === "win32";
  if (windows) process.on("SIGBREAK", onInt);
  return {
    signal: () => received,
    stopped,
    release: () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (windows) process.off("SIGBREAK", onInt);
    },
  };
}

/** For a command that runs until Ctrl-C: resolves at the first signal (its exit status set), watching no more. */
export async function watchUntilStopped(): Promise<void> {
  const watch = watchInterrupt();
  await watch.stopped;
  watch.release();
}
