// Port names as Windows gives them (COM3, with upper-case hex ids from its USB stack): the board is
// found by its bridge's ids, never by the path looking like /dev/ttyUSB0.
import { describe, expect, it } from "vitest";
import { choosePort, findBoardPort } from "../../host-tools/src/link/port-pick";

describe("ports named as on Windows", () => {
  const ports = [{ path: "COM1" }, { path: "COM3", vendorId: "10C4", productId: "EA60", manufacturer: "Silicon Labs" }];

  it("picks the one USB serial adapter among COM ports", async () => {
    const choice = choosePort(ports);
    expect(choice.kind).toBe("one");
    expect((await findBoardPort("--port PATH", async () => ports)).path).toBe("COM3");
  });

  it("lists COM ports when it cannot pick", async () => {
    const two = [...ports, { path: "COM7", vendorId: "1a86", productId: "7523" }];
    await expect(findBoardPort("--port PATH", async () => two)).rejects.toThrow(
      /^2 USB serial adapters: COM3 \(.+\), COM7 \(.+\): choose one with --port PATH$/,
    );
  });
});
