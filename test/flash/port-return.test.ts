// The board's port after the reset that ends a flash: a chip's own USB disconnects and comes
// back, at the same path or a new one. Paths are real pseudo-terminals whose links vanish and
// return as a /dev/ttyACM node would; only the system's USB list is stood in for, where a test
// needs a port to come back with the same USB ids under a new name.
import { mkdtempSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { flashCommand } from "../../host-tools/src/cli/flash-command";
import { loadBoard } from "../../host-tools/src/boards/load";
import { reopenAfterReset } from "../../host-tools/src/flash/port-return";
import { openPtyPair, type PtyPair } from "../../host-tools/src/link/pty-pair";
import { EmulatedRom } from "../support/esp-rom";

const part = (length: number, fill: number) => Uint8Array.from({ length }, (_, i) => (i * fill) & 0xff);

function buildFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "farside-build-"));
  writeFileSync(path.join(dir, "bootloader.bin"), part(8000, 7));
  writeFileSync(path.join(dir, "partition-table.bin"), part(3072, 11));
  writeFileSync(path.join(dir, "xs_esp32.bin"), part(30_000, 13));
  return dir;
}

/** Takes the port's node away, as USB re-enumeration does, and puts it back after `ms`. */
function vanish(port: string, ms: number): Promise<void> {
  const target = readlinkSync(port);
  unlinkSync(port);
  return new Promise((resolve) => setTimeout(() => resolve(symlinkSync(target, port)), ms));
}

describe("the port after a flash's reset", () => {
  let rom: EmulatedRom | undefined;
  let other: PtyPair | undefined;
  let dir = "";
  afterEach(async () => {
    await rom?.close();
    await other?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("waits for a port that goes away after the reset and comes back, then checks the firmware answers", async () => {
    dir = buildFolder();
    rom = await EmulatedRom.start();
    const lines: string[] = [];
    let back: Promise<void> | undefined;
    const ok = await flashCommand({
      port: rom.hostPath,
      board: loadBoard("esp32-devkitc"),
      build: dir,
      baudRate: 460800,
      print: (line) => {
        lines.push(line);
        // Right after the hard reset: gone for longer than farside waits for the boot.
        if (line.startsWith("wrote ")) back = vanish(rom!.hostPath, 3000);
      },
    });
    await back;
    expect(lines).toContain(
      `waiting for the board to come back on ${rom.hostPath} (its USB starts again after a reset)`,
    );
    expect(lines.at(-1)).toBe("the lander answers: esp32-devkitc, firmware 0.2, protocol 5.0");
    expect(ok).toBe(true);
  });

  it("gives up in one line when the port never comes back", async () => {
    dir = buildFolder();
    rom = await EmulatedRom.start();
    const lines: string[] = [];
    const ok = await flashCommand({
      port: rom.hostPath,
      board: loadBoard("esp32-devkitc"),
      build: dir,
      baudRate: 460800,
      returnTimeoutMs: 1000,
      print: (line) => {
        lines.push(line);
        if (line.startsWith("wrote ")) unlinkSync(rom!.hostPath);
      },
    });
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe(
      `flashed, but the board did not come back on ${rom.hostPath} after its reset: press its RESET button, then farside status --port ${rom.hostPath}`,
    );
  });

  it("finds the board under a new name with the same USB ids, but never a port that was there before", async () => {
    other = await openPtyPair();
    const gone = path.join(path.dirname(other.hostPath), "ttyACM0");
    const ids = { vendorId: "303a", productId: "1001" };
    const lines: string[] = [];
    const { path: found, transport } = await reopenAfterReset(gone, {
      baudRate: 115200,
      identity: { usbIds: "303a:1001", before: new Set([gone, "/dev/ttyUSB0"]) },
      print: (line) => lines.push(line),
      // The same ids on a port that was there before (another board) and on the new one.
      list: async () => [
        { path: "/dev/ttyUSB0", ...ids },
        { path: other!.hostPath, ...ids },
      ],
      timeoutMs: 2000,
    });
    await transport.close();
    expect(found).toBe(other.hostPath);
    expect(lines).toEqual([
      `waiting for the board to come back on ${gone} (its USB starts again after a reset)`,
      `the board came back as ${other.hostPath}`,
    ]);
    // Two new ports with the board's ids: farside will not guess which is which.
    await expect(
      reopenAfterReset(gone, {
        baudRate: 115200,
        identity: { usbIds: "303a:1001", before: new Set() },
        print: () => undefined,
        list: async () => [
          { path: "/dev/ttyACM7", ...ids },
          { path: other!.hostPath, ...ids },
        ],
        timeoutMs: 500,
      }),
    ).rejects.toThrow(`the board did not come back on ${gone}`);
  });
});
