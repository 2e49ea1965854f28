// What each ESP32 variant's pins can do, from Espressif's datasheets and the Moddable SDK 8.2.3
// sources that drive them: which exist, which belong to the SPI flash or PSRAM, which are
// sampled at reset (strapping), which are input-only, which reach an ADC, and how many LEDC
// channels Moddable's PWM can use. Shared by the board checker (Node) and the virtual board (XS).

import { CHIP_FACTS, type ChipId } from "../../../firmware/board/chips";

export type { ChipId };

export interface ChipPins {
  readonly name: string;
  /** GPIOs the modules the boards use bond out. */
  readonly gpios: readonly number[];
  readonly flash: readonly number[];
  readonly strapping: readonly number[];
  readonly inputOnly: readonly number[];
  readonly usb: readonly number[];
  /** ADC1 pins, in channel order (sdk:modules/io/analog/esp32/_analog.c:74-80,109-120,140-149). */
  readonly adc1: readonly number[];
  /** ADC2 pins (_analog.c:122-133,151-162): Moddable opens them too, but Wi-Fi takes ADC2 over. */
  readonly adc2: readonly number[];
  /**
   * LEDC channels Moddable's PWM can drive: it uses the low-speed group only (_pwm.c:41) and
   * looks for a free channel among 0-7 (_pwm.c:148), so 8 even on the ESP32's 16-channel LEDC.
   */
  readonly ledcChannels: number;
  /** LEDC timers (ESP-IDF LEDC_TIMER_MAX) that PWM outputs of different hz or resolution need. [HW] */
  readonly ledcTimers: number;
  /** Largest resolution below ESP-IDF's LEDC_TIMER_BIT_MAX (SOC_LEDC_TIMER_BIT_WIDTH). [HW] */
  readonly ledcMaxResolution: number;
  /** Lowest frequency the LEDC reaches at 8..14 bits (sdk:modules/io/pwm/esp32/_pwm.c:69-80). */
  readonly minHzByResolution: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const CHIPS: Readonly<Record<ChipId, ChipPins>> = {
  esp32: {
    name: CHIP_FACTS.esp32.name,
    // WROOM-32 and WROVER modules do not bond out GPIO37 and 38 (the die's SENSOR_CAPP/CAPN). [HW]
    gpios: [...range(0, 19), ...range(21, 23), ...range(25, 27), ...range(32, 36), 39],
    flash: range(6, 11),
    strapping: [0, 2, 5, 12, 15],
    inputOnly: [34, 35, 36, 39],
    usb: [],
    adc1: [36, 39, 32, 33, 34, 35],
    adc2: [4, 0, 2, 15, 13, 12, 14, 27, 25, 26],
    ledcChannels: 8,
    ledcTimers: 4,
    ledcMaxResolution: 20,
    minHzByResolution: [65, 33, 17, 9, 5, 3, 2],
  },
  esp32s3: {
    name: CHIP_FACTS.esp32s3.name,
    gpios: [...range(0, 21), ...range(26, 48)],
    // 26-32 hold the SPI flash; 33-37 hold octal PSRAM on the N8R8 and N16R8 modules.
    flash: range(26, 37),
    strapping: [0, 3, 45, 46],
    inputOnly: [],
    usb: [19, 20],
    adc1: range(1, 10),
    adc2: range(11, 20),
    ledcChannels: 8,
    ledcTimers: 4,
    ledcMaxResolution: 14,
    minHzByResolution: [68, 34, 17, 9, 5, 3, 2],
  },
  esp32c3: {
    name: CHIP_FACTS.esp32c3.name,
    gpios: range(0, 21),
    flash: range(12, 17),
    strapping: [2, 8, 9],
    inputOnly: [],
    usb: [18, 19],
    adc1: range(0, 4),
    // Moddable opens only ADC1 on the C3 (_analog.c:66-72).
    adc2: [],
    ledcChannels: 6,
    ledcTimers: 4,
    ledcMaxResolution: 14,
    minHzByResolution: [71, 36, 18, 9, 5, 3, 2],
  },
};

/**
 * LEDC channels Moddable's PWM may take when the manifest defines nothing: 4-7, leaving 0-3 to
 * other drivers (sdk:modules/io/pwm/esp32/_pwm.c:33-36).
 */
export const DEFAULT_LEDC_CHANNEL_MAP = 0xf0;

/**
 * The channel map a build gives Moddable's PWM, from a manifest's "defines". mcconfig turns
 * `{"pwm": {"ledc": {"channel": …, "channel_map": …}}}` into MODDEF_PWM_LEDC_CHANNEL and
 * MODDEF_PWM_LEDC_CHANNEL_MAP (sdk:tools/mcconfig.js:617-663); _pwm.c only replaces the 0xF0
 * default when MODDEF_PWM_LEDC_CHANNEL is defined, so `channel_map` alone changes nothing.
 */
export function ledcChannelMap(defines: unknown): number {
  const ledc = (defines as { pwm?: { ledc?: { channel?: unknown; channel_map?: unknown } } } | undefined)?.pwm?.ledc;
  if (ledc?.channel === undefined) return DEFAULT_LEDC_CHANNEL_MAP;
  const map = ledc.channel_map;
  if (typeof map !== "number" || !Number.isInteger(map)) {
    // With MODDEF_PWM_LEDC_CHANNEL defined and no map, _pwm.c:54 does not compile.
    throw new Error("manifest defines pwm.ledc.channel without an integer pwm.ledc.channel_map");
  }
  return map & 0xff;
}

/** How many PWM outputs a channel map lets Moddable open on a chip. */
export function ledcChannelCount(chip: ChipPins, map: number): number {
  let count = 0;
  for (let channel = 0; channel < chip.ledcChannels; channel++) if (map & (1 << channel)) count++;
  return count;
}
