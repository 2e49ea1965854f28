// Stands in for Moddable's `preference` module in the simulator's bundle: the virtual flash.
import type { KeyValueStore } from "../../../../../firmware/platform/host";
import { boundChip } from "./chip";

const Preference: KeyValueStore = {
  set: (domain, key, value) => boundChip().flash.set(domain, key, value),
  get: (domain, key) => boundChip().flash.get(domain, key),
  delete: (domain, key) => boundChip().flash.delete(domain, key),
};
export default Preference;
