// Stands in for Moddable's `timer` module in the simulator's bundle: the virtual clock's timers.
// Timer is C on the chip (modTimer.c): its JavaScript here is not charged, NATIVE_MS.timer is.
import type { TimerService } from "../../../../../firmware/platform/host";
import { NATIVE_MS } from "../cpu-cost";
import type { VirtualClock } from "../virtual-clock";
import { boundClock } from "./chip";

const TIMER_MS = NATIVE_MS.timer;

// Each call opens with enterNative, in the shape the bookkeeping was measured on: what runs
// before it is charged to the firmware, for which a Timer call is one host function.
const Timer: TimerService = {
  repeat(callback, interval) {
    (boundClock as VirtualClock).enterNative();
    const clock = boundClock as VirtualClock;
    const timer = clock.repeat(callback, interval);
    clock.leaveNative(TIMER_MS);
    return timer;
  },
  clear(timer) {
    (boundClock as VirtualClock).enterNative();
    const clock = boundClock as VirtualClock;
    clock.clear(timer);
    clock.leaveNative(TIMER_MS);
  },
};
export default Timer;
