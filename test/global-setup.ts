// The XS tests load the firmware bundle; build it first so `vitest` alone works too.
export async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script has no type declarations.
  const { buildAll } = (await import("../scripts/build.mjs")) as { buildAll: () => Promise<void> };
  await buildAll();
}
