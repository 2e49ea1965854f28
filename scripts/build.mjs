// Builds what runs: the firmware bundled with the virtual board for the XS engine, and the CLI.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

export async function buildAll() {
  await build({
    entryPoints: ["host-tools/src/sim/xs/entry.ts"],
    outfile: "dist/xs/virtual-lander.js",
    bundle: true,
    format: "iife",
    target: "es2022",
    platform: "neutral",
    logLevel: "warning",
  });
  await build({
    entryPoints: ["host-tools/src/cli/farside.ts"],
    outfile: "dist/farside.js",
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
  });
  chmodSync("dist/farside.js", 0o755);
  await build({
    entryPoints: ["host-tools/src/index.ts"],
    outfile: "dist/index.js",
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

/** The benchmark runner, built only when `npm run bench` asks for it. */
export async function buildBench() {
  await build({
    entryPoints: ["bench/run.ts"],
    outfile: "dist/bench.js",
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAll();
