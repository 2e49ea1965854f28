// Stands in for Moddable's `preference` module in the simulator's bundle: the virtual flash.
// Preference is C on the chip (modPreference.c), so its JavaScript here is not charged to the
// firmware: each call costs the chip NATIVE_MS.preference, and the flash its write time.
import type { KeyValueStore } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import { boundChip } from "./chip";

const Preference: KeyValueStore = {
  set(domain, key, value) {
    const { clock, flash } = boundChip();
    clock.enterNative();
    try {
      flash.set(domain, key, value);
    } finally {
      clock.leaveNative(NATIVE_MS.preference);
    }
  },
  get(domain, key) {
    const { clock, flash } = boundChip();
    clock.enterNative();
    try {
      return flash.get(domain, key);
    } finally {
      clock.leaveNative(NATIVE_MS.preference);
    }
  },
  delete(domain, key) {
    const { clock, flash } = boundChip();
    clock.enterNative();
    try {
      flash.delete(domain, key);
    } finally {
      clock.leaveNative(NATIVE_MS.preference);
    }
  },
};
export default Preference;
