// Stands in for Moddable's `time` module in the simulator's bundle. Time.ticks is a host getter
// on the chip: its JavaScript here is not charged, NATIVE_MS.time is.
import type { TickSource } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import type { VirtualClock } from "../virtual-clock";
import { boundClock } from "./chip";

const TIME_MS = NATIVE_MS.time;

const Time: TickSource = {
  get ticks() {
    // Whatever runs before enterNative is charged to the firmware, for which Time.ticks is one
    // host getter with nothing before it: so the bound clock is read as a variable, unchecked
    // (main() reads the time only once a chip is bound), and the call is enterNative's shape.
    (boundClock as VirtualClock).enterNative();
    const clock = boundClock as VirtualClock;
    const ticks = clock.ticks;
    clock.leaveNative(TIME_MS);
    return ticks;
  },
};
export default Time;
