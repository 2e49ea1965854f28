// How farside starts the programs it needs (xsnap-worker, socat). Each gets a process group of
// its own, so a terminal's Ctrl-C, which goes to the whole foreground group, reaches farside alone:
// farside then stops the lander and its children in order instead of losing them mid-sentence.
// Out of the terminal's group they must still die with farside however it goes (an error's exit, a
// kill -9): on Linux util-linux's setpriv gives them a parent-death signal.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";

/** util-linux's setpriv, which every Linux this runs on has; macOS has none. */
const SETPRIV = "/usr/bin/setpriv";

/** `command` run so that it receives `signal` the moment this process is gone (Linux only). */
export function tiedToThisProcess(
  command: string,
  args: readonly string[],
  signal: "TERM" | "KILL",
): [string, string[]] {
  if (process.platform === "linux" && existsSync(SETPRIV))
    return [SETPRIV, ["--pdeathsig", signal, "--", command, ...args]];
  return [command, [...args]];
}

/**
 * Starts a helper program in its own process group, tied to this process's life. Windows has no
 * process groups to leave: there a console's Ctrl-C is farside's to pass on.
 */
export function spawnHelper(
  command: string,
  args: readonly string[],
  signal: "TERM" | "KILL",
  options: SpawnOptions,
): ChildProcess {
  const [file, argv] = tiedToThisProcess(command, args, signal);
  return spawn(file, argv, { ...options, detached: process.platform !== "win32" });
}
