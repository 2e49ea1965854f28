import type { KeyValueStore } from "../../../../firmware/platform/host";

type Value = string | boolean | number | ArrayBuffer;

/**
 * The virtual board's flash, standing in for Moddable's Preference. It outlives the firmware
 * across a simulated reset, as NVS does. Numbers are kept as 32-bit integers, the way the
 * ESP32's Preference stores them in NVS, so firmware that relies on more precision fails here.
 */
export class VirtualFlash implements KeyValueStore {
  private readonly values = new Map<string, Value>();
  /** Writes since boot of the simulator: flash wears out, so tests can watch how often it is written. */
  writes = 0;

  set(domain: string, key: string, value: Value): void {
    this.writes++;
    this.values.set(`${domain}/${key}`, typeof value === "number" ? value | 0 : value);
  }

  get(domain: string, key: string): Value | undefined {
    return this.values.get(`${domain}/${key}`);
  }

  delete(domain: string, key: string): void {
    this.values.delete(`${domain}/${key}`);
  }
}
