// Stands in for Moddable's `time` module in the simulator's bundle.
import type { TickSource } from "../../../../../firmware/platform/host";
import { boundChip } from "./chip";

const Time: TickSource = {
  get ticks() {
    return boundChip().clock.ticks;
  },
};
export default Time;
