// Which USB-serial bridge (or native USB) a port is, from its USB vendor and product ids: what
// a hobbyist needs to know to tell their ESP32 board from another serial device.

export interface PortInfo {
  readonly path: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly manufacturer?: string;
}

interface Bridge {
  readonly name: string;
  /** Higher is likelier an ESP32 board: farside picks the highest. */
  readonly rank: number;
}

/** USB ids as hex strings, lowercase, "vid:pid" or "vid:*". */
const BRIDGES: Readonly<Record<string, Bridge>> = {
  "303a:1001": { name: "ESP32-S3/C3 native USB (USB-Serial/JTAG)", rank: 5 },
  "303a:0002": { name: "ESP32-S2/S3 native USB (USB OTG CDC)", rank: 5 },
  "303a:*": { name: "Espressif native USB", rank: 4 },
  "10c4:ea60": { name: "CP210x USB-UART (Silicon Labs; ESP32-DevKitC)", rank: 3 },
  "1a86:7523": { name: "CH340 USB-UART (WCH)", rank: 3 },
  "1a86:55d4": { name: "CH9102 USB-UART (WCH)", rank: 3 },
  "1a86:55d3": { name: "CH343 USB-UART (WCH)", rank: 3 },
  "0403:6001": { name: "FT232R USB-UART (FTDI)", rank: 2 },
  "0403:6010": { name: "FT2232 USB-UART (FTDI)", rank: 2 },
  "0403:6015": { name: "FT231X USB-UART (FTDI)", rank: 2 },
  "0403:*": { name: "FTDI USB-UART", rank: 2 },
};

export interface DescribedPort extends PortInfo {
  readonly bridge: string | undefined;
  readonly picked: boolean;
}

function bridgeOf(port: PortInfo): Bridge | undefined {
  const vid = port.vendorId?.toLowerCase().padStart(4, "0");
  const pid = port.productId?.toLowerCase().padStart(4, "0");
  if (!vid) return undefined;
  return BRIDGES[`${vid}:${pid}`] ?? BRIDGES[`${vid}:*`];
}

/** Names each port's bridge and marks the one farside would pick: the likeliest ESP32 board. */
export function describePorts(ports: readonly PortInfo[]): DescribedPort[] {
  let best = -1;
  let bestRank = 0;
  ports.forEach((port, i) => {
    const rank = bridgeOf(port)?.rank ?? 0;
    if (rank > bestRank) [best, bestRank] = [i, rank];
  });
  return ports.map((port, i) => ({ ...port, bridge: bridgeOf(port)?.name, picked: i === best }));
}

/** One line per port, as `farside ports` prints it. */
export function formatPort(port: DescribedPort): string {
  const ids = port.vendorId && port.productId ? `${port.vendorId.toLowerCase()}:${port.productId.toLowerCase()}` : "";
  const parts = [port.path.padEnd(16), ids.padEnd(9), port.bridge ?? port.manufacturer ?? "unknown device"];
  if (port.bridge && port.manufacturer && !port.bridge.includes(port.manufacturer))
    parts.push(`(${port.manufacturer})`);
  return `${parts.join("  ")}${port.picked ? "   <- farside picks this one" : ""}`;
}
