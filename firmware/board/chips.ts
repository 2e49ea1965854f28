// The ESP32 variants farside supports, with the facts the firmware itself needs. The host's
// richer pin facts (host-tools/src/boards/chips.ts), the flasher's chip check and the board
// file's type are keyed and named from this one table.

export type ChipId = "esp32" | "esp32s3" | "esp32c3";

export interface ChipFacts {
  /** The name Espressif's ROM bootloader (and esptool-js's CHIP_NAME) gives the chip. */
  readonly name: string;
  /** GPIO numbers on the die, 0 to gpioCount - 1: Firmata pin numbers are the board's real ones. */
  readonly gpioCount: number;
}

export const CHIP_FACTS: Readonly<Record<ChipId, ChipFacts>> = Object.freeze({
  esp32: Object.freeze({ name: "ESP32", gpioCount: 40 }),
  esp32s3: Object.freeze({ name: "ESP32-S3", gpioCount: 49 }),
  esp32c3: Object.freeze({ name: "ESP32-C3", gpioCount: 22 }),
});
