// Stands in for `mc/config` in the simulator's bundle: the build's config, board choice included.
import { boundChip } from "./chip";

const config: Readonly<Record<string, unknown>> = new Proxy(
  {},
  {
    get: (_target, key) => (typeof key === "string" ? boundChip().config[key] : undefined),
  },
);
export default config;
