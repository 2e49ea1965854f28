// farside flash as a user runs it, on a Moddable build folder, against the emulated ROM.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { farside } from "../support/cli";
import { EmulatedRom } from "../support/esp-rom";

const part = (length: number, fill: number) => Uint8Array.from({ length }, (_, i) => (i * fill) & 0xff);

describe("farside flash", () => {
  let rom: EmulatedRom | undefined;
  let dir = "";
  afterEach(async () => {
    await rom?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes a build folder at the offsets its flasher_args.json gives, then checks the firmware answers", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-build-"));
    mkdirSync(path.join(dir, "bootloader"));
    const parts = {
      "bootloader/bootloader.bin": part(20_000, 7),
      "partition-table.bin": part(3072, 11),
      "xs_esp32.bin": part(200_000, 13),
    };
    for (const [file, data] of Object.entries(parts)) writeFileSync(path.join(dir, file), data);
    writeFileSync(
      path.join(dir, "flasher_args.json"),
      JSON.stringify({
        flash_files: {
          "0x1000": "bootloader/bootloader.bin",
          "0x8000": "partition-table.bin",
          "0x20000": "xs_esp32.bin",
        },
        extra_esptool_args: { chip: "esp32" },
      }),
    );
    rom = await EmulatedRom.start();
    const { code, out, err } = await farside("flash", "--port", rom.hostPath, "--build", dir, "--baud", "460800");
    expect(out).toMatch(
      /wrote 223072 bytes in 3 images \(bootloader\.bin at 0x1000, partition-table\.bin at 0x8000, xs_esp32\.bin at 0x20000\), each verified by MD5/,
    );
    expect(out).toMatch(/the lander answers: esp32-devkitc, firmware 0\.2, protocol 5\.0/);
    // esptool-js's own trace lines stay out of what the user reads.
    expect(out).not.toMatch(/TRACE/);
    expect(err).toMatch(/xs_esp32\.bin .*100% \| \d+ KiB\/s/);
    expect(code).toBe(0);
    const app = parts["xs_esp32.bin"];
    expect(Buffer.from(rom.flash.subarray(0x20000, 0x20000 + app.length)).equals(Buffer.from(app))).toBe(true);
  });

  it("uses the chip's default offsets without flasher_args.json: the ESP32-S3's bootloader at 0x0", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-build-"));
    const boot = part(16_000, 3);
    writeFileSync(path.join(dir, "bootloader.bin"), boot);
    writeFileSync(path.join(dir, "partition-table.bin"), part(3072, 5));
    writeFileSync(path.join(dir, "xs_esp32.bin"), part(50_000, 9));
    rom = await EmulatedRom.start({ chip: "esp32s3" });
    const { out } = await farside(
      "flash",
      "--port",
      rom.hostPath,
      "--board",
      "esp32-s3-devkitc-1",
      "--build",
      dir,
      "--baud",
      "460800",
    );
    expect(out).toMatch(/bootloader\.bin at 0x0, partition-table\.bin at 0x8000, xs_esp32\.bin at 0x10000/);
    expect(out).toMatch(/the lander answers: esp32-s3-devkitc-1, firmware 0\.2, protocol 5\.0\n$/);
    expect(Buffer.from(rom.flash.subarray(0, boot.length)).equals(Buffer.from(boot))).toBe(true);
  });

  it("says in one line what is missing from a build folder", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "farside-build-"));
    const { code, err } = await farside("flash", "--port", "/dev/null", "--build", dir);
    expect(code).toBe(2);
    expect(err).toBe(`farside: ${dir} has no bootloader.bin: is it a Moddable ESP32 build folder?\n`);
  });
});
