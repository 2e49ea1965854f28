import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { choosePort, findBoardPort } from "../../host-tools/src/link/port-pick";
import type { PortInfo } from "../../host-tools/src/link/usb-bridges";
import { pickPortWhenAbsent } from "../../host-tools/src/cli/port-option";
import { UserError } from "../../host-tools/src/errors";

const UART = { path: "/dev/ttyS0" };
const CP2102 = { path: "/dev/ttyUSB0", vendorId: "10c4", productId: "ea60", manufacturer: "Silicon Labs" };
const S3 = { path: "/dev/ttyACM0", vendorId: "303a", productId: "1001" };
const ARDUINO = { path: "/dev/ttyACM1", vendorId: "2341", productId: "0043" };

const lister = (ports: readonly PortInfo[]) => () => Promise.resolve(ports);

describe("the port farside uses without --port", () => {
  it("is the one USB serial adapter it recognises, whatever else is there", async () => {
    const choice = choosePort([UART, ARDUINO, CP2102]);
    expect(choice.kind).toBe("one");
    expect(choice.ports.filter((port) => port.picked).map((port) => port.path)).toEqual(["/dev/ttyUSB0"]);
    expect(await findBoardPort("--port PATH", lister([UART, CP2102]))).toEqual({
      path: "/dev/ttyUSB0",
      line: "using /dev/ttyUSB0: CP210x USB-UART (Silicon Labs; ESP32-DevKitC), the only USB serial adapter",
    });
  });

  it("is none with no adapter: one line says so and lists the ports there are", async () => {
    await expect(findBoardPort("--port PATH or --sim", lister([UART]))).rejects.toThrow(
      new UserError(
        "no USB serial adapter found: plug the board in (and check the cable carries data), or give --port PATH or --sim (serial ports here: /dev/ttyS0)",
      ),
    );
    await expect(findBoardPort("--port PATH", lister([]))).rejects.toThrow(
      /^no USB serial adapter found: plug the board in \(and check the cable carries data\), or give --port PATH$/,
    );
  });

  it("is none of several adapters: guessing could talk to the wrong board", async () => {
    const choice = choosePort([CP2102, S3]);
    expect(choice.kind).toBe("several");
    expect(choice.ports.some((port) => port.picked)).toBe(false);
    await expect(findBoardPort("--port PATH", lister([UART, CP2102, S3]))).rejects.toThrow(
      new UserError(
        "2 USB serial adapters: /dev/ttyUSB0 (CP210x USB-UART (Silicon Labs; ESP32-DevKitC)), /dev/ttyACM0 (ESP32-S3/C3 native USB (USB-Serial/JTAG)): choose one with --port PATH",
      ),
    );
  });
});

describe("a command's --port, filled in before its action", () => {
  async function parse(args: string[], ports: readonly PortInfo[]): Promise<{ port?: string; said: string[] }> {
    const said: string[] = [];
    let port: string | undefined;
    const command = new Command("status")
      .exitOverride()
      .option("-p, --port <path>")
      .option("--sim")
      .action((options: { port?: string }) => {
        port = options.port;
      });
    pickPortWhenAbsent(command, { sim: true, list: lister(ports), say: (line) => said.push(line) });
    await command.parseAsync(args, { from: "user" });
    return { port, said };
  }

  it("uses the one adapter and says so; --port and --sim are left alone", async () => {
    expect(await parse([], [UART, CP2102])).toEqual({
      port: "/dev/ttyUSB0",
      said: ["using /dev/ttyUSB0: CP210x USB-UART (Silicon Labs; ESP32-DevKitC), the only USB serial adapter"],
    });
    expect(await parse(["--port", "/dev/ttyS0"], [CP2102])).toEqual({ port: "/dev/ttyS0", said: [] });
    expect(await parse(["--sim"], [CP2102])).toEqual({ port: undefined, said: [] });
  });

  it("refuses before the action runs when it cannot pick", async () => {
    await expect(parse([], [CP2102, S3])).rejects.toThrow(/^2 USB serial adapters: /);
    await expect(parse([], [])).rejects.toThrow(/or give --port PATH or --sim$/);
  });
});
