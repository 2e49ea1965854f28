// The XS tests load the firmware bundle; build it first so `vitest` alone works too, and bundle
// the harnesses that the codec's property tests and the cost model's tests run inside XS.
interface BuildScript {
  buildAll(): Promise<void>;
  xsBundle(entry: string, outfile: string): Promise<unknown>;
}

export async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script has no type declarations.
  const { buildAll, xsBundle } = (await import("../scripts/build.mjs")) as BuildScript;
  await buildAll();
  await xsBundle("test/xs/support/codec-harness.ts", "dist/test/codec-harness.js");
  await xsBundle("test/xs/support/cost-harness.ts", "dist/test/cost-harness.js");
  await xsBundle("test/xs/support/telemetry-frame-harness.ts", "dist/test/telemetry-frame-harness.js");
}
