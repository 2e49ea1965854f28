// What installing farside costs with the native XS engine and without it: a clone of this
// checkout's HEAD installed twice from this machine's npm cache, as a machine with a C compiler
// installs it (npm ci: @agoric/xsnap builds xsnap-worker from C) and with every install script
// off (npm ci --ignore-scripts: the committed WebAssembly engine only), as .ci/run's bare
// machine does. Wall time depends on the machine and the cache; sizes do not.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../host-tools/src/paths";

export interface InstallFigure {
  readonly wallS: number;
  /** Bytes of every file under node_modules. */
  readonly bytes: number;
  readonly packages: number;
  /** Whether xsnap-worker was built. */
  readonly nativeBuilt: boolean;
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else total += lstatSync(full).size;
  }
  return total;
}

function install(checkout: string, extra: readonly string[]): InstallFigure {
  rmSync(path.join(checkout, "node_modules"), { recursive: true, force: true });
  const started = performance.now();
  const run = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", ...extra], {
    cwd: checkout,
    encoding: "utf8",
  });
  const wallS = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`npm ci ${extra.join(" ")} failed: ${run.stderr.trim().split("\n").at(-1)}`);
  const modules = path.join(checkout, "node_modules");
  const lock = JSON.parse(readFileSync(path.join(modules, ".package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  const worker = path.join(modules, "@agoric", "xsnap", "xsnap-native", "xsnap", "build", "bin");
  const nativeBuilt = existsSync(worker);
  return { wallS, bytes: treeBytes(modules), packages: Object.keys(lock.packages).length, nativeBuilt };
}

export function measureInstall(): { native: InstallFigure; noScripts: InstallFigure } {
  const dir = mkdtempSync(path.join(tmpdir(), "farside-install-"));
  try {
    const checkout = path.join(dir, "farside");
    const clone = spawnSync("git", ["clone", "--quiet", REPO_ROOT, checkout], { encoding: "utf8" });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr.trim()}`);
    const noScripts = install(checkout, ["--ignore-scripts"]);
    const native = install(checkout, []);
    return { native, noScripts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
