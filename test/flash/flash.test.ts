// farside's flasher (Espressif's esptool-js over bindings-cpp) against an emulated ROM
// bootloader on a pseudo-terminal: what lands in the emulator's flash must be the image.
import { chmodSync, realpathSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { flashBoard, type FlashImage } from "../../host-tools/src/flash/flash";
import { UserError } from "../../host-tools/src/errors";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { EmulatedRom, type RomOptions } from "../support/esp-rom";

function bytes(length: number, seed: number): Uint8Array {
  const data = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    // Runs of repeats as well as noise, so compression has work to do both ways.
    data[i] = i % 512 < 128 ? 0xff : x >>> 24;
  }
  return data;
}

const IMAGES: FlashImage[] = [
  { name: "bootloader.bin", address: 0x1000, data: bytes(24 * 1024, 1) },
  { name: "partition-table.bin", address: 0x8000, data: bytes(3 * 1024, 2) },
  { name: "xs_esp32.bin", address: 0x10000, data: bytes(300 * 1024, 3) },
];

describe("flashing through esptool-js to an emulated ROM bootloader", () => {
  let rom: EmulatedRom | undefined;
  afterEach(async () => {
    await rom?.close();
    rom = undefined;
  });

  /** The whole image at 115200 baud, waiting at most a second for the buttons, printing nothing. */
  function quietFlash(target: EmulatedRom, options: Partial<Parameters<typeof flashBoard>[0]> = {}) {
    return flashBoard({
      port: target.hostPath,
      images: IMAGES,
      chip: "esp32",
      baudRate: 115200,
      buttonWaitMs: 1000,
      print: () => undefined,
      ...options,
    });
  }

  async function flash(options: RomOptions = {}, images = IMAGES, chip: "esp32" | "esp32s3" = "esp32") {
    rom = await EmulatedRom.start(options);
    const lines: string[] = [];
    const progress: string[] = [];
    const result = await flashBoard({
      port: rom.hostPath,
      images,
      chip,
      baudRate: 460800,
      buttonWaitMs: 3000,
      print: (line) => lines.push(line),
      progress: (image, written, total) => progress.push(`${image.name} ${written}/${total}`),
    });
    return { result, lines, progress };
  }

  it("writes a multi-part image compressed, verified by MD5, byte for byte", async () => {
    const { result, lines, progress } = await flash();
    expect(result.chip).toMatch(/^ESP32/);
    for (const image of IMAGES) {
      const written = rom!.flash.subarray(image.address, image.address + image.data.length);
      expect(Buffer.from(written).equals(Buffer.from(image.data))).toBe(true);
    }
    // Untouched flash stays erased.
    expect(rom!.flash[0x0fff]).toBe(0xff);
    expect(rom!.stub).toBe(true);
    expect(lines.at(-1)).toMatch(/4 MB flash/);
    expect(progress.some((line) => line.startsWith("xs_esp32.bin"))).toBe(true);
  });

  it("writes uncompressed too (FLASH_BEGIN/DATA/END), checked the same way", async () => {
    rom = await EmulatedRom.start();
    await quietFlash(rom, { images: IMAGES.slice(1, 2), baudRate: 460800, compress: false });
    const table = IMAGES[1]!;
    expect(
      Buffer.from(rom.flash.subarray(table.address, table.address + table.data.length)).equals(Buffer.from(table.data)),
    ).toBe(true);
  });

  it("refuses a port it may not open with the dialout hint (when not root)", async () => {
    rom = await EmulatedRom.start();
    chmodSync(realpathSync(rom.hostPath), 0o000);
    const flashing = quietFlash(rom);
    if (process.getuid?.() === 0) {
      // Root opens anything: the line itself is checked in test/link/serial-port.test.ts.
      await flashing;
    } else {
      await expect(flashing).rejects.toThrow(/permission denied .* dialout group/);
    }
  });

  async function failure(options: RomOptions, images = IMAGES, chip: "esp32" | "esp32s3" = "esp32"): Promise<string> {
    try {
      await flash(options, images, chip);
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return (error as Error).message;
    }
    throw new Error("flashing should have failed");
  }

  it("refuses images built for another chip, in one line", async () => {
    const message = await failure({ chip: "esp32s3" });
    expect(message).toMatch(/^the images are built for ESP32 but the board on \S+ is ESP32-S3: /);
    expect(message.split("\n")).toHaveLength(1);
    expect(rom!.flash.every((byte) => byte === 0xff)).toBe(true);
  });

  it("refuses an image larger than the board's flash before writing anything", async () => {
    const message = await failure({ flashBytes: 256 * 1024 });
    expect(message).toBe(
      `the images need ${0x10000 + 300 * 1024} bytes of flash but the board has 262144: use a smaller partition layout or a board with more flash`,
    );
    expect(rom!.flash.every((byte) => byte === 0xff)).toBe(true);
  });

  it("asks for BOOT and RESET when the port cannot reset the board, and goes on once they are pressed", async () => {
    rom = await EmulatedRom.start({ runningApp: true });
    const lines: string[] = [];
    const flashing = flashBoard({
      port: rom.hostPath,
      images: IMAGES.slice(0, 2),
      chip: "esp32",
      baudRate: 115200,
      buttonWaitMs: 20_000,
      print: (line) => {
        lines.push(line);
        // A person presses the buttons a moment after reading the line.
        if (line.includes("hold BOOT")) setTimeout(() => rom!.enterBootloader(), 300);
      },
    });
    await flashing;
    expect(lines[0]).toMatch(/cannot reset the board by itself: hold BOOT, press and release RESET, then release BOOT/);
    const boot = IMAGES[0]!;
    expect(
      Buffer.from(rom.flash.subarray(boot.address, boot.address + boot.data.length)).equals(Buffer.from(boot.data)),
    ).toBe(true);
  });

  it("gives up with the BOOT hint when no bootloader ever answers", async () => {
    rom = await EmulatedRom.start({ runningApp: true });
    await expect(quietFlash(rom)).rejects.toThrow(
      /^no ESP32 bootloader answered on \S+ within 1 s: hold BOOT while pressing RESET, then try again$/,
    );
  });

  it("says so in one line when the port is busy", async () => {
    rom = await EmulatedRom.start();
    const holder = await openSerialPort(rom.hostPath);
    try {
      await expect(quietFlash(rom)).rejects.toThrow(
        `serial port ${rom.hostPath} is busy: another program (a serial monitor, another farside) has it open`,
      );
    } finally {
      await holder.close();
    }
  });

  it("never leaves a wrong image unnoticed when a byte is lost mid-transfer", async () => {
    let message = "";
    try {
      await flash({ dropByte: 60_000 });
    } catch (error) {
      message = (error as Error).message;
    }
    if (message === "") {
      // esptool-js resent what was lost: then the flash must be right.
      const app = IMAGES[2]!;
      expect(
        Buffer.from(rom!.flash.subarray(app.address, app.address + app.data.length)).equals(Buffer.from(app.data)),
      ).toBe(true);
    } else {
      expect(message).toMatch(/^flashing failed: /);
      expect(message.split("\n")).toHaveLength(1);
    }
  });
});
