// The XS tests load the firmware bundle; build it first so `vitest` alone works too, and bundle
// the codec harness that the property tests run inside XS.
import { build } from "esbuild";

export async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script has no type declarations.
  const { buildAll } = (await import("../scripts/build.mjs")) as { buildAll: () => Promise<void> };
  await buildAll();
  await build({
    entryPoints: ["test/xs/support/codec-harness.ts"],
    outfile: "dist/test/codec-harness.js",
    bundle: true,
    format: "iife",
    target: "es2022",
    platform: "neutral",
    logLevel: "warning",
  });
}
