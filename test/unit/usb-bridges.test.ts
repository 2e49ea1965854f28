import { describe, expect, it } from "vitest";
import { describePorts, formatPort } from "../../host-tools/src/link/usb-bridges";

describe("farside ports: which bridge, and which port farside picks", () => {
  const ports = [
    { path: "/dev/ttyS0" },
    { path: "/dev/ttyUSB0", vendorId: "0403", productId: "6001", manufacturer: "FTDI" },
    { path: "/dev/ttyUSB1", vendorId: "10C4", productId: "EA60", manufacturer: "Silicon Labs" },
    { path: "/dev/ttyACM0", vendorId: "303a", productId: "1001", manufacturer: "Espressif" },
    { path: "/dev/ttyUSB2", vendorId: "1a86", productId: "7523" },
  ];

  it("names each bridge from its USB ids and picks the likeliest ESP32 (native USB over bridges)", () => {
    const described = describePorts(ports);
    expect(described.map((port) => port.bridge)).toEqual([
      undefined,
      "FT232R USB-UART (FTDI)",
      "CP210x USB-UART (Silicon Labs; ESP32-DevKitC)",
      "ESP32-S3/C3 native USB (USB-Serial/JTAG)",
      "CH340 USB-UART (WCH)",
    ]);
    expect(described.filter((port) => port.picked).map((port) => port.path)).toEqual(["/dev/ttyACM0"]);
  });

  it("picks nothing when no port looks like a board, and prints path, ids and bridge", () => {
    expect(describePorts([{ path: "/dev/ttyS0" }]).some((port) => port.picked)).toBe(false);
    const [cp2102] = describePorts([ports[2]!]);
    expect(formatPort(cp2102!)).toBe(
      "/dev/ttyUSB1      10c4:ea60  CP210x USB-UART (Silicon Labs; ESP32-DevKitC)   <- farside picks this one",
    );
    expect(formatPort(describePorts([ports[0]!])[0]!)).toBe("/dev/ttyS0                   unknown device");
  });
});
