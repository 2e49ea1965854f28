import { lazySerialBinding } from "../lazy";
import { readdirSync } from "node:fs";

import type { PortInfo } from "./usb-bridges";

/** Names USB-serial adapters take on Linux and macOS, for when the system's list is unavailable. */
const DEVICE_NAME = /^(ttyUSB\d+|ttyACM\d+|cu\.[\w.-]+)$/;

/**
 * Serial ports a board could be on. bindings-cpp asks udev on Linux, which containers often
 * lack (`spawn udevadm ENOENT`); then the /dev names USB-serial adapters take are listed.
 */
export async function listSerialPorts(): Promise<PortInfo[]> {
  try {
    const ports = await lazySerialBinding().autoDetect().list();
    return ports.map((p: { path: string; manufacturer?: string; vendorId?: string; productId?: string }) => ({
      path: p.path,
      vendorId: p.vendorId,
      productId: p.productId,
      manufacturer: p.manufacturer,
    }));
  } catch {
    try {
      return readdirSync("/dev")
        .filter((name) => DEVICE_NAME.test(name))
        .map((name) => ({ path: `/dev/${name}` }));
    } catch {
      return [];
    }
  }
}
