// What the firmware's own build (manifest.json) sets that the board checker and the simulator
// must hold it to. Read at build time, so the simulator and the checker can never disagree
// with the manifest mcconfig builds from.
import manifest from "../../../manifest.json";
import { ledcChannelMap } from "./chips";

/** The LEDC channels the firmware's build lets Moddable's PWM take (manifest.json "defines"). */
export const FIRMWARE_LEDC_CHANNEL_MAP = ledcChannelMap(manifest.defines);
