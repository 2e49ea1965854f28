import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../../host-tools/src/paths";

/**
 * Runs the built CLI in a child process, without blocking this one: its event loop may be
 * driving a simulated board the command talks to.
 */
export function farside(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "farside.js"), ...args], {
      // No stdin pipe: nothing writes to it, and the CLI reads none.
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}
