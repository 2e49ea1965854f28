// After the hard reset that ends a flash, a board on its chip's own USB (the ESP32-S3's and
// C3's USB-Serial/JTAG) disconnects from USB and enumerates again: its port disappears and comes
// back, usually under the same name, sometimes under the next free one. A USB-UART bridge
// (CP210x, CH340) stays put. esptool waits for the port the same way.
import { existsSync, realpathSync } from "node:fs";
import { UserError } from "../errors";
import { listSerialPorts } from "../link/port-list";
import type { ByteTransport } from "../link/byte-transport";
import { openSerialPort } from "../link/serial-port";
import type { PortInfo } from "../link/usb-bridges";

/** Which USB device a port is, and what other ports there were, taken before the reset. */
export interface PortIdentity {
  /** "vid:pid" in lowercase hex, when the system says. */
  readonly usbIds: string | undefined;
  /** Every port present before the reset: a port that then appears with the same ids is this board. */
  readonly before: ReadonlySet<string>;
}

const usbIds = (port: PortInfo): string | undefined =>
  port.vendorId && port.productId ? `${port.vendorId}:${port.productId}`.toLowerCase() : undefined;

function resolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export async function identifyPort(path: string): Promise<PortIdentity> {
  const ports = await listSerialPorts();
  const mine = ports.find((port) => port.path === path || resolved(port.path) === resolved(path));
  return { usbIds: mine ? usbIds(mine) : undefined, before: new Set(ports.map((port) => port.path)) };
}

export interface ReturnOptions {
  readonly baudRate: number;
  readonly identity: PortIdentity;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly print: (line: string) => void;
  /** The system's port list; the real one unless a test stands in for USB enumeration. */
  readonly list?: () => Promise<PortInfo[]>;
}

/**
 * Opens the board's port once it is back after a reset: at its old path, or, if that stays
 * away, at a new path with the same USB ids that was not there before. Throws a UserError when
 * neither shows up in time.
 */
export async function reopenAfterReset(
  path: string,
  options: ReturnOptions,
): Promise<{ transport: ByteTransport; path: string }> {
  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  let told = false;
  for (;;) {
    if (existsSync(path)) {
      try {
        return { transport: await openSerialPort(path, { baudRate: options.baudRate }), path };
      } catch (error) {
        // Back but not ready yet (udev still setting its permissions); give it the time left.
        if (performance.now() > deadline) throw error;
      }
    } else {
      if (!told) {
        options.print(`waiting for the board to come back on ${path} (its USB starts again after a reset)`);
        told = true;
      }
      const moved = await movedPort(path, options.identity, options.list ?? listSerialPorts);
      if (moved) {
        options.print(`the board came back as ${moved}`);
        return { transport: await openSerialPort(moved, { baudRate: options.baudRate }), path: moved };
      }
    }
    if (performance.now() > deadline) {
      throw new UserError(
        `the board did not come back on ${path} after its reset: press its RESET button, then farside status --port ${path}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

async function movedPort(
  path: string,
  identity: PortIdentity,
  list: () => Promise<PortInfo[]>,
): Promise<string | undefined> {
  if (!identity.usbIds) return undefined;
  const candidates = (await list()).filter(
    (port) => port.path !== path && !identity.before.has(port.path) && usbIds(port) === identity.usbIds,
  );
  // Two new ports with the same ids could be two boards: guessing would talk to the wrong one.
  return candidates.length === 1 ? candidates[0]?.path : undefined;
}
