// Stands in for Moddable's `preference` module in the simulator's bundle: the virtual flash.
// Preference is C on the chip (modPreference.c), so its JavaScript here is not charged to the
// firmware: each call costs the chip NATIVE_MS.preference, and the flash its write time.
import type { KeyValueStore } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import type { VirtualClock } from "../virtual-clock";
import { boundChip, boundClock } from "./chip";

const PREFERENCE_MS = NATIVE_MS.preference;

/**
 * Each call opens with enterNative, in the shape the bookkeeping was measured on
 * (VirtualClock.measureGlue): what runs before it is charged to the firmware, for which a
 * Preference call is one host function with nothing before it. Then `onFlash` runs it inside the
 * bracket, and throws what the flash refuses after leaving it, as the C returns an error.
 */
function onFlash<T>(call: (flash: KeyValueStore) => T): T {
  const clock = boundClock as VirtualClock;
  let result: T;
  try {
    result = call(boundChip().flash);
  } catch (error) {
    clock.leaveNative(PREFERENCE_MS);
    throw error;
  }
  clock.leaveNative(PREFERENCE_MS);
  return result;
}

const Preference: KeyValueStore = {
  set(domain, key, value) {
    (boundClock as VirtualClock).enterNative();
    onFlash((flash) => flash.set(domain, key, value));
  },
  get(domain, key) {
    (boundClock as VirtualClock).enterNative();
    return onFlash((flash) => flash.get(domain, key));
  },
  delete(domain, key) {
    (boundClock as VirtualClock).enterNative();
    onFlash((flash) => flash.delete(domain, key));
  },
};
export default Preference;
