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
 * Preference call is one host function with nothing before it. The flash is looked up inside
 * the bracket; what the flash refuses is thrown after leaving it, as the C returns an error.
 */
function leaving(error: unknown): unknown {
  (boundClock as VirtualClock).leaveNative(PREFERENCE_MS);
  return error;
}

const Preference: KeyValueStore = {
  set(domain, key, value) {
    (boundClock as VirtualClock).enterNative();
    try {
      boundChip().flash.set(domain, key, value);
    } catch (error) {
      throw leaving(error);
    }
    (boundClock as VirtualClock).leaveNative(PREFERENCE_MS);
  },
  get(domain, key) {
    (boundClock as VirtualClock).enterNative();
    let value;
    try {
      value = boundChip().flash.get(domain, key);
    } catch (error) {
      throw leaving(error);
    }
    (boundClock as VirtualClock).leaveNative(PREFERENCE_MS);
    return value;
  },
  delete(domain, key) {
    (boundClock as VirtualClock).enterNative();
    try {
      boundChip().flash.delete(domain, key);
    } catch (error) {
      throw leaving(error);
    }
    (boundClock as VirtualClock).leaveNative(PREFERENCE_MS);
  },
};
export default Preference;
