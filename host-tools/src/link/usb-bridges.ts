// Which USB-serial bridge (or native USB) a port is, from its USB vendor and product ids: what
// a hobbyist needs to know to tell their ESP32 board from another serial device.

export interface PortInfo {
  readonly path: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly manufacturer?: string;
}

/** USB ids as hex strings, lowercase, "vid:pid" or "vid:*". */
const BRIDGES: Readonly<Record<string, string>> = {
  "303a:1001": "ESP32-S3/C3 native USB (USB-Serial/JTAG)",
  "303a:0002": "ESP32-S2/S3 native USB (USB OTG CDC)",
  "303a:*": "Espressif native USB",
  "10c4:ea60": "CP210x USB-UART (Silicon Labs; ESP32-DevKitC)",
  "1a86:7523": "CH340 USB-UART (WCH)",
  "1a86:55d4": "CH9102 USB-UART (WCH)",
  "1a86:55d3": "CH343 USB-UART (WCH)",
  "0403:6001": "FT232R USB-UART (FTDI)",
  "0403:6010": "FT2232 USB-UART (FTDI)",
  "0403:6015": "FT231X USB-UART (FTDI)",
  "0403:*": "FTDI USB-UART",
};

/** The bridge a port is, when its USB ids are one a board carries; undefined for anything else. */
export function bridgeOf(port: PortInfo): string | undefined {
  const vid = port.vendorId?.toLowerCase().padStart(4, "0");
  const pid = port.productId?.toLowerCase().padStart(4, "0");
  if (!vid) return undefined;
  return BRIDGES[`${vid}:${pid}`] ?? BRIDGES[`${vid}:*`];
}

export interface DescribedPort extends PortInfo {
  readonly bridge: string | undefined;
  /** The port farside uses when a command is given no --port (port-pick.ts). */
  readonly picked: boolean;
}

/** One line per port, as `farside ports` prints it. */
export function formatPort(port: DescribedPort): string {
  const ids = port.vendorId && port.productId ? `${port.vendorId.toLowerCase()}:${port.productId.toLowerCase()}` : "";
  const parts = [port.path.padEnd(16), ids.padEnd(9), port.bridge ?? port.manufacturer ?? "unknown device"];
  if (port.bridge && port.manufacturer && !port.bridge.includes(port.manufacturer))
    parts.push(`(${port.manufacturer})`);
  return `${parts.join("  ")}${port.picked ? "   <- farside picks this one" : ""}`;
}
