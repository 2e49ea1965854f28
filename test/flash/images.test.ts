// A build folder's images before any port is opened: a truncated or malformed build, or a
// flasher_args.json that points outside the folder, is refused in one line.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { buildImages } from "../../host-tools/src/flash/images";
import { farside } from "../support/cli";

let dir = "";
let outside = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "farside-build-"));
  outside = mkdtempSync(path.join(tmpdir(), "farside-outside-"));
  writeFileSync(path.join(outside, "secret.bin"), "not firmware");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function withArgs(flashFiles: Record<string, string>): void {
  writeFileSync(path.join(dir, "flasher_args.json"), JSON.stringify({ flash_files: flashFiles }));
}

function refusal(): string {
  try {
    buildImages(dir, "esp32");
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message.split("\n")).toHaveLength(1);
    return error.message.replaceAll(dir, "BUILD");
  }
  throw new Error("the build was taken");
}

describe("build images", () => {
  it("takes flasher_args.json's offsets and paths inside the folder, hex or decimal", () => {
    mkdirSync(path.join(dir, "bootloader"));
    writeFileSync(path.join(dir, "bootloader", "bootloader.bin"), "b");
    writeFileSync(path.join(dir, "xs_esp32.bin"), "app");
    withArgs({ "0x1000": "bootloader/bootloader.bin", "65536": "xs_esp32.bin" });
    const images = buildImages(dir, "esp32").images.map(({ name, address }) => [name, address]);
    expect(images.sort()).toEqual([
      ["bootloader.bin", 0x1000],
      ["xs_esp32.bin", 0x10000],
    ]);
  });

  it("refuses an empty image, with or without flasher_args.json", () => {
    for (const name of ["bootloader.bin", "partition-table.bin"]) writeFileSync(path.join(dir, name), "x");
    writeFileSync(path.join(dir, "xs_esp32.bin"), "");
    expect(refusal()).toBe("flash image BUILD/xs_esp32.bin is empty: rebuild it (farside build)");
    withArgs({ "0x10000": "xs_esp32.bin" });
    expect(refusal()).toBe("flash image BUILD/xs_esp32.bin is empty: rebuild it (farside build)");
  });

  it("refuses an offset that is not a number of bytes", () => {
    writeFileSync(path.join(dir, "a.bin"), "a");
    for (const offset of ["zzz", "0x", "-1", "1e3", "0x1000000"]) {
      withArgs({ [offset]: "a.bin" });
      expect(refusal(), offset).toBe(
        `BUILD/flasher_args.json: flash offset "${offset}" is not a number of bytes below 16 MiB (write it as 0x10000)`,
      );
    }
  });

  it("refuses images outside the build folder: .., an absolute path, a symlink out", () => {
    withArgs({ "0x10000": path.relative(dir, path.join(outside, "secret.bin")) });
    expect(refusal()).toMatch(
      /^BUILD\/flasher_args\.json names \.\.\/.*secret\.bin, which is outside the build folder/,
    );
    withArgs({ "0x10000": path.join(outside, "secret.bin") });
    expect(refusal()).toMatch(/names .*secret\.bin: images must be paths inside the build folder$/);
    symlinkSync(path.join(outside, "secret.bin"), path.join(dir, "app.bin"));
    withArgs({ "0x10000": "app.bin" });
    expect(refusal()).toBe("BUILD/flasher_args.json names app.bin, which is outside the build folder BUILD");
  });

  it("refuses an image that is a device, not reading it", () => {
    symlinkSync("/dev/zero", path.join(dir, "xs_esp32.bin"));
    withArgs({ "0x10000": "xs_esp32.bin" });
    // /dev/zero is outside the folder too; inside it, a device is refused for what it is.
    expect(refusal()).toMatch(/outside the build folder/);
    rmSync(path.join(dir, "xs_esp32.bin"));
    for (const name of ["bootloader.bin", "partition-table.bin"]) writeFileSync(path.join(dir, name), "x");
    rmSync(path.join(dir, "flasher_args.json"));
    symlinkSync("/dev/zero", path.join(dir, "xs_esp32.bin"));
    expect(refusal()).toBe("flash image BUILD/xs_esp32.bin is a character device, not a regular file");
  });

  it("fails the flash command in one line, exit 2, before opening the port", async () => {
    writeFileSync(path.join(dir, "a.bin"), "a");
    withArgs({ zzz: "a.bin" });
    const started = Date.now();
    const { code, out, err } = await farside("flash", "--port", "/dev/null", "--build", dir);
    expect([code, out]).toEqual([2, ""]);
    expect(err).toBe(
      `farside: ${dir}/flasher_args.json: flash offset "zzz" is not a number of bytes below 16 MiB (write it as 0x10000)\n`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
