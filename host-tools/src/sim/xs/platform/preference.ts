// Stands in for Moddable's `preference` module in the simulator's bundle: the virtual flash.
// Preference is C on the chip (modPreference.c), so its JavaScript here is not charged to the
// firmware: each call costs the chip NATIVE_MS.preference, and the flash its write time.
import type { KeyValueStore } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import { boundChip } from "./chip";

const PREFERENCE_MS = NATIVE_MS.preference;

/**
 * One Preference call, charged as the C it is on the chip. It throws what the flash refuses,
 * after leaving the bracket; otherwise it ends as the other stand-ins do, so the bookkeeping
 * measured on their shape (VirtualClock.measureGlue) is what it spends outside the bracket.
 */
function native<T>(call: (flash: KeyValueStore) => T): T {
  const { clock, flash } = boundChip();
  clock.enterNative();
  let result: T;
  try {
    result = call(flash);
  } catch (error) {
    clock.leaveNative(PREFERENCE_MS);
    throw error;
  }
  clock.leaveNative(PREFERENCE_MS);
  return result;
}

const Preference: KeyValueStore = {
  set: (domain, key, value) => native((flash) => flash.set(domain, key, value)),
  get: (domain, key) => native((flash) => flash.get(domain, key)),
  delete: (domain, key) => native((flash) => flash.delete(domain, key)),
};
export default Preference;
