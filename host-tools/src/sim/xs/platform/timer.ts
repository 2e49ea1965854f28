// Stands in for Moddable's `timer` module in the simulator's bundle: the virtual clock's timers.
import type { TimerService } from "../../../../../firmware/platform/host";
import { boundChip } from "./chip";

const Timer: TimerService = {
  repeat: (callback, interval) => boundChip().clock.repeat(callback, interval),
  clear: (timer) => boundChip().clock.clear(timer),
};
export default Timer;
