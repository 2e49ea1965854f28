import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors";
import { readInputFile } from "../input-file";
import type { ChipId } from "../../../firmware/board/chips";
import type { FlashImage } from "./flash";

/** Where each part goes when the build does not say: the chips' ROM defaults. */
const DEFAULT_OFFSETS: Readonly<Record<ChipId, Readonly<Record<string, number>>>> = {
  esp32: {
    "bootloader.bin": 0x1000,
    "partition-table.bin": 0x8000,
    "ota_data_initial.bin": 0xd000,
    "xs_esp32.bin": 0x10000,
  },
  esp32s3: {
    "bootloader.bin": 0x0,
    "partition-table.bin": 0x8000,
    "ota_data_initial.bin": 0xd000,
    "xs_esp32.bin": 0x10000,
  },
  esp32c3: {
    "bootloader.bin": 0x0,
    "partition-table.bin": 0x8000,
    "ota_data_initial.bin": 0xd000,
    "xs_esp32.bin": 0x10000,
  },
};

/** The largest flash any supported board has (16 MiB): no image can be bigger. */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
/** ESP-IDF's flasher_args.json is a few hundred bytes. */
const MAX_FLASHER_ARGS_BYTES = 64 * 1024;

/** A flash offset as flasher_args.json writes it ("0x10000", or decimal): a whole number of bytes. */
function parseOffset(text: string, argsFile: string): number {
  const offset = /^(0x[0-9a-f]+|\d+)$/i.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(offset) || offset >= MAX_IMAGE_BYTES)
    throw new UserError(
      `${argsFile}: flash offset "${text}" is not a number of bytes below 16 MiB (write it as 0x10000)`,
    );
  return offset;
}

/**
 * The real path of an image flasher_args.json names, which must lie inside the build folder:
 * not absolute, no "..", no symlink out. A file from elsewhere must never reach the flash.
 */
function imagePath(folder: string, file: string, argsFile: string): string {
  if (typeof file !== "string" || path.isAbsolute(file))
    throw new UserError(`${argsFile} names ${String(file)}: images must be paths inside the build folder`);
  const full = path.join(folder, file);
  if (!existsSync(full)) throw new UserError(`${argsFile} names ${file}, which is not in ${folder}`);
  const real = realpathSync(full);
  const inside = path.relative(realpathSync(folder), real);
  if (inside === "" || inside.startsWith("..") || path.isAbsolute(inside))
    throw new UserError(`${argsFile} names ${file}, which is outside the build folder ${folder}`);
  return real;
}

/** An image file's bytes: a regular file, not empty, no bigger than any flash. */
function readImage(file: string, shownAs: string): Buffer {
  const data = readInputFile(file, MAX_IMAGE_BYTES, "flash image");
  if (data.length === 0) throw new UserError(`flash image ${shownAs} is empty: rebuild it (farside build)`);
  return data;
}

interface FlasherArgs {
  readonly flash_files?: Readonly<Record<string, string>>;
  readonly extra_esptool_args?: { readonly chip?: string };
}

/**
 * The images of a Moddable build folder: with ESP-IDF's flasher_args.json there, its offsets
 * (and chip); else bootloader.bin, partition-table.bin, ota_data_initial.bin if present, and the
 * app at the chip's default offsets.
 */
export function buildImages(folder: string, chip: ChipId): { images: FlashImage[]; chip: ChipId } {
  if (!existsSync(folder)) throw new UserError(`no build at ${folder}: run farside build first (or give --build DIR)`);
  const argsFile = path.join(folder, "flasher_args.json");
  if (existsSync(argsFile)) {
    const text = readInputFile(argsFile, MAX_FLASHER_ARGS_BYTES, "flasher args").toString("utf8");
    let args: FlasherArgs;
    try {
      args = JSON.parse(text) as FlasherArgs;
    } catch (error) {
      throw new UserError(`${argsFile}: not valid JSON (${(error as Error).message})`);
    }
    const images = Object.entries(args.flash_files ?? {}).map(([offset, file]) => {
      const address = parseOffset(offset, argsFile);
      const data = readImage(imagePath(folder, file, argsFile), path.join(folder, String(file)));
      return { name: path.basename(file), address, data };
    });
    if (images.length === 0) throw new UserError(`${argsFile} lists no images`);
    const named = args.extra_esptool_args?.chip?.replace("-", "");
    return { images, chip: named === "esp32" || named === "esp32s3" || named === "esp32c3" ? named : chip };
  }
  const images: FlashImage[] = [];
  for (const [name, address] of Object.entries(DEFAULT_OFFSETS[chip])) {
    const file = path.join(folder, name);
    if (existsSync(file)) images.push({ name, address, data: readImage(file, file) });
    else if (name !== "ota_data_initial.bin")
      throw new UserError(`${folder} has no ${name}: is it a Moddable ESP32 build folder?`);
  }
  return { images, chip };
}
