import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors";
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
    let args: FlasherArgs;
    try {
      args = JSON.parse(readFileSync(argsFile, "utf8")) as FlasherArgs;
    } catch (error) {
      throw new UserError(`${argsFile}: not valid JSON (${(error as Error).message})`);
    }
    const images = Object.entries(args.flash_files ?? {}).map(([offset, file]) => {
      const full = path.join(folder, file);
      if (!existsSync(full)) throw new UserError(`${argsFile} names ${file}, which is not in ${folder}`);
      return { name: path.basename(file), address: Number(offset), data: readFileSync(full) };
    });
    if (images.length === 0) throw new UserError(`${argsFile} lists no images`);
    const named = args.extra_esptool_args?.chip?.replace("-", "");
    return { images, chip: named === "esp32" || named === "esp32s3" || named === "esp32c3" ? named : chip };
  }
  const images: FlashImage[] = [];
  for (const [name, address] of Object.entries(DEFAULT_OFFSETS[chip])) {
    const file = path.join(folder, name);
    if (existsSync(file)) images.push({ name, address, data: readFileSync(file) });
    else if (name !== "ota_data_initial.bin")
      throw new UserError(`${folder} has no ${name}: is it a Moddable ESP32 build folder?`);
  }
  return { images, chip };
}
