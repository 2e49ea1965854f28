// Packages loaded on first use rather than at start: `farside --help` should not pay for the
// YAML parser, the schema validator, the serial binding and the flasher it does not use.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

export const lazyYaml = once(() => require("yaml") as typeof import("yaml"));
export const lazyAjv = once(() => require("ajv") as typeof import("ajv"));
export const lazyCliProgress = once(() => require("cli-progress") as typeof import("cli-progress"));
export const lazySerialBinding = once(
  () => require("@serialport/bindings-cpp") as typeof import("@serialport/bindings-cpp"),
);
