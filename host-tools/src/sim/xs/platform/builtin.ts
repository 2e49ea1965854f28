// Stands in for `embedded:provider/builtin` in the simulator's bundle.
import type { DeviceProvider } from "../../../../../firmware/platform/host";
import { boundChip } from "./chip";

const device: DeviceProvider = {
  get io() {
    return boundChip().device.io;
  },
  get pin() {
    return boundChip().device.pin;
  },
};
export default device;
