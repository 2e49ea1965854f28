import { describe, expect, it } from "vitest";
import { bridgeOf, formatPort } from "../../host-tools/src/link/usb-bridges";

describe("farside ports: which bridge each port is", () => {
  it("names each bridge from its USB ids, in any case and without leading zeros", () => {
    expect(bridgeOf({ path: "/dev/ttyS0" })).toBeUndefined();
    expect(bridgeOf({ path: "a", vendorId: "0403", productId: "6001" })).toBe("FT232R USB-UART (FTDI)");
    expect(bridgeOf({ path: "a", vendorId: "10C4", productId: "EA60" })).toBe(
      "CP210x USB-UART (Silicon Labs; ESP32-DevKitC)",
    );
    expect(bridgeOf({ path: "a", vendorId: "303a", productId: "1001" })).toBe(
      "ESP32-S3/C3 native USB (USB-Serial/JTAG)",
    );
    expect(bridgeOf({ path: "a", vendorId: "403", productId: "6099" })).toBe("FTDI USB-UART");
    expect(bridgeOf({ path: "a", vendorId: "2341", productId: "0043" })).toBeUndefined();
  });

  it("prints path, ids and bridge, and the mark on the picked port", () => {
    const cp2102 = { path: "/dev/ttyUSB1", vendorId: "10C4", productId: "EA60", manufacturer: "Silicon Labs" };
    expect(formatPort({ ...cp2102, bridge: bridgeOf(cp2102), picked: true })).toBe(
      "/dev/ttyUSB1      10c4:ea60  CP210x USB-UART (Silicon Labs; ESP32-DevKitC)   <- farside picks this one",
    );
    expect(formatPort({ path: "/dev/ttyS0", bridge: undefined, picked: false })).toBe(
      "/dev/ttyS0                   unknown device",
    );
  });
});
