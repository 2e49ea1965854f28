// Stands in for Moddable's `time` module in the simulator's bundle. Time.ticks is a host getter
// on the chip: its JavaScript here is not charged, NATIVE_MS.time is.
import type { TickSource } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import { boundChip } from "./chip";

const TIME_MS = NATIVE_MS.time;

const Time: TickSource = {
  get ticks() {
    const clock = boundChip().clock;
    clock.enterNative();
    const ticks = clock.ticks;
    clock.leaveNative(TIME_MS);
    return ticks;
  },
};
export default Time;
