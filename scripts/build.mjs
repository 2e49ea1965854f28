// Builds what runs: the firmware bundled with the virtual board for the XS engine, the CLI and
// the library entry for Node, and (on request) the benchmark.
import { build } from "esbuild";
import { chmodSync } from "node:fs";
import path from "node:path";

/**
 * The simulator's stand-ins for the platform modules firmware/main.ts imports on the ESP32:
 * bundled in their place, so the simulator runs the same entry point the chip does.
 */
const VIRTUAL_PLATFORM = {
  "embedded:provider/builtin": "builtin.ts",
  timer: "timer.ts",
  time: "time.ts",
  preference: "preference.ts",
  Resource: "resource.ts",
  resetReason: "reset-reason.ts",
  "mc/config": "mc-config.ts",
};

const virtualPlatform = {
  name: "virtual-platform",
  setup(build) {
    const names = Object.keys(VIRTUAL_PLATFORM).map((name) => name.replace(/[/]/g, "\\/"));
    build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => ({
      path: path.resolve("host-tools/src/sim/xs/platform", VIRTUAL_PLATFORM[args.path]),
    }));
  },
};

/** A bundle for the XS engine: one script, no Node, no module system. */
export function xsBundle(entry, outfile) {
  return build({
    plugins: [virtualPlatform],
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "iife",
    target: "es2022",
    platform: "neutral",
    logLevel: "warning",
  });
}

/** An ES module for Node that loads its dependencies from node_modules. */
function nodeBundle(entry, outfile, extra = {}) {
  return build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    ...extra,
  });
}

export async function buildAll() {
  await xsBundle("host-tools/src/sim/xs/entry.ts", "dist/xs/virtual-lander.js");
  await nodeBundle("host-tools/src/cli/farside.ts", "dist/farside.js", { banner: { js: "#!/usr/bin/env node" } });
  chmodSync("dist/farside.js", 0o755);
  await nodeBundle("host-tools/src/index.ts", "dist/index.js");
}

/** The benchmark runner, built only when `npm run bench` asks for it. */
export async function buildBench() {
  await nodeBundle("bench/run.ts", "dist/bench.js");
  await xsBundle("test/xs/support/telemetry-frame-harness.ts", "dist/test/telemetry-frame-harness.js");
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAll();
