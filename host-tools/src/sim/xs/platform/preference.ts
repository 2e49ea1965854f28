// Stands in for Moddable's `preference` module in the simulator's bundle: the virtual flash.
// Preference is C on the chip (modPreference.c), so its JavaScript here is not charged to the
// firmware: each call costs the chip NATIVE_MS.preference, and the flash its write time.
import type { KeyValueStore } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import { boundChip } from "./chip";

/** One Preference call, charged as the C it is on the chip. */
function native<T>(call: (flash: KeyValueStore) => T): T {
  const { clock, flash } = boundChip();
  clock.enterNative();
  try {
    return call(flash);
  } finally {
    clock.leaveNative(NATIVE_MS.preference);
  }
}

const Preference: KeyValueStore = {
  set: (domain, key, value) => native((flash) => flash.set(domain, key, value)),
  get: (domain, key) => native((flash) => flash.get(domain, key)),
  delete: (domain, key) => native((flash) => flash.delete(domain, key)),
};
export default Preference;
