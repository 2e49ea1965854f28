// What each ESP32 variant's pins can do, from Espressif's datasheets: which exist, which belong
// to the SPI flash or PSRAM, which are sampled at reset (strapping), which are input-only.

export interface ChipPins {
  readonly name: string;
  readonly gpios: readonly number[];
  readonly flash: readonly number[];
  readonly strapping: readonly number[];
  readonly inputOnly: readonly number[];
  readonly usb: readonly number[];
  readonly adc1: readonly number[];
  /** LEDC channels, one per PWM output. */
  readonly ledcChannels: number;
  /** Lowest frequency the LEDC reaches at 8..14 bits (Moddable's modules/io/pwm/esp32/_pwm.c). */
  readonly minHzByResolution: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const CHIPS: Readonly<Record<"esp32" | "esp32s3" | "esp32c3", ChipPins>> = {
  esp32: {
    name: "ESP32",
    gpios: [...range(0, 19), ...range(21, 23), ...range(25, 27), ...range(32, 39)],
    flash: range(6, 11),
    strapping: [0, 2, 5, 12, 15],
    inputOnly: range(34, 39),
    usb: [],
    adc1: range(32, 39),
    ledcChannels: 16,
    minHzByResolution: [65, 33, 17, 9, 5, 3, 2],
  },
  esp32s3: {
    name: "ESP32-S3",
    gpios: [...range(0, 21), ...range(26, 48)],
    // 26-32 hold the SPI flash; 33-37 hold octal PSRAM on the N8R8 and N16R8 modules.
    flash: range(26, 37),
    strapping: [0, 3, 45, 46],
    inputOnly: [],
    usb: [19, 20],
    adc1: range(1, 10),
    ledcChannels: 8,
    minHzByResolution: [68, 34, 17, 9, 5, 3, 2],
  },
  esp32c3: {
    name: "ESP32-C3",
    gpios: range(0, 21),
    flash: range(12, 17),
    strapping: [2, 8, 9],
    inputOnly: [],
    usb: [18, 19],
    adc1: range(0, 4),
    ledcChannels: 6,
    minHzByResolution: [71, 36, 18, 9, 5, 3, 2],
  },
};
