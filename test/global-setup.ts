// The XS tests load the firmware bundle; build it first so `vitest` alone works too, and bundle
// the codec harness that the property tests run inside XS.
interface BuildScript {
  buildAll(): Promise<void>;
  xsBundle(entry: string, outfile: string): Promise<unknown>;
}

export async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script has no type declarations.
  const { buildAll, xsBundle } = (await import("../scripts/build.mjs")) as BuildScript;
  await buildAll();
  await xsBundle("test/xs/support/codec-harness.ts", "dist/test/codec-harness.js");
}
