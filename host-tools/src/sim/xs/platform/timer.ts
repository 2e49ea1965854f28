// Stands in for Moddable's `timer` module in the simulator's bundle: the virtual clock's timers.
// Timer is C on the chip (modTimer.c): its JavaScript here is not charged, NATIVE_MS.timer is.
import type { TimerService } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import { boundChip } from "./chip";

const Timer: TimerService = {
  repeat(callback, interval) {
    const clock = boundChip().clock;
    clock.enterNative();
    const timer = clock.repeat(callback, interval);
    clock.leaveNative(NATIVE_MS.timer);
    return timer;
  },
  clear(timer) {
    const clock = boundChip().clock;
    clock.enterNative();
    clock.clear(timer);
    clock.leaveNative(NATIVE_MS.timer);
  },
};
export default Timer;
