import type { DeviceProvider, KeyValueStore } from "../../../../../firmware/platform/host";
import type { VirtualClock } from "../virtual-clock";

/**
 * One boot of the virtual chip as the platform modules see it: its IO provider, clock, flash,
 * resources, build-time config and why it reset. The simulator binds a new one before each
 * boot; the stand-ins for Moddable's modules (this folder) read whichever is bound, so
 * firmware/main.ts imports them exactly as it imports the real ones on an ESP32.
 */
export interface VirtualChip {
  readonly device: DeviceProvider;
  readonly clock: VirtualClock;
  readonly flash: KeyValueStore;
  /** The manifest's data resources by name ("esp32-devkitc.json"), as flashed with the app. */
  readonly resources: ReadonlyMap<string, ArrayBuffer>;
  /** What mcconfig writes into mc/config for this build. */
  readonly config: Readonly<Record<string, unknown>>;
  /** esp_reset_reason_t of this boot. */
  readonly resetCode: number;
}

let bound: VirtualChip | undefined;

/**
 * The bound chip's clock, as a variable rather than a call: the stand-ins for the chip's C
 * (Time.ticks, Timer, Preference) read it before their native call begins, and what runs then
 * is charged to the firmware, which on the chip makes one host call with nothing before it.
 */
export let boundClock: VirtualClock | undefined;

export function bindChip(chip: VirtualChip): void {
  bound = chip;
  boundClock = chip.clock;
}

export function boundChip(): VirtualChip {
  if (!bound) throw new Error("no virtual chip is booting");
  return bound;
}
