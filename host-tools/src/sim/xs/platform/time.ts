// Stands in for Moddable's `time` module in the simulator's bundle. Time.ticks is a host getter
// on the chip: its JavaScript here is not charged, NATIVE_MS.time is.
import type { TickSource } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import { boundChip } from "./chip";

const Time: TickSource = {
  get ticks() {
    const clock = boundChip().clock;
    clock.enterNative();
    try {
      return clock.ticks;
    } finally {
      clock.leaveNative(NATIVE_MS.time);
    }
  },
};
export default Time;
