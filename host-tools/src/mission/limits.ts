// A mission's quantities against the lander's own limits (firmware/mission/limits.ts): the one
// table both sides read, so validate refuses exactly what the lander would.
import { MISSION_LIMITS } from "../../../firmware/mission/limits";
import { writtenQuantity, type Unit } from "./quantity";

interface Range {
  /** How the quantity is named in a refusal. */
  readonly noun: string;
  readonly min: number;
  readonly max: number;
  /** The limits as a mission file writes them. */
  readonly text: string;
}

const RANGES: Readonly<Record<Unit, Range>> = {
  duration: {
    noun: "duration",
    min: 0,
    max: MISSION_LIMITS.maxDurationMs,
    text: `at most ${MISSION_LIMITS.maxDurationMs / 60_000}min (${MISSION_LIMITS.maxDurationMs}ms)`,
  },
  angle: {
    noun: "angle",
    min: MISSION_LIMITS.minAngleDeg,
    max: MISSION_LIMITS.maxAngleDeg,
    text: `${MISSION_LIMITS.minAngleDeg}deg to ${MISSION_LIMITS.maxAngleDeg}deg`,
  },
  "angular-speed": {
    noun: "speed",
    min: 0,
    max: MISSION_LIMITS.maxSpeedDegS,
    text: `at most ${MISSION_LIMITS.maxSpeedDegS}deg/s`,
  },
  length: { noun: "depth", min: 0, max: MISSION_LIMITS.maxDepthMm, text: `at most ${MISSION_LIMITS.maxDepthMm}mm` },
  rate: { noun: "feed rate", min: 0, max: MISSION_LIMITS.maxRateMmS, text: `at most ${MISSION_LIMITS.maxRateMmS}mm/s` },
  rpm: { noun: "spin", min: 0, max: MISSION_LIMITS.maxRpm, text: `at most ${MISSION_LIMITS.maxRpm}rpm` },
};

/**
 * Why a parsed quantity is past what the lander takes, or undefined. `written` is the value as
 * the file has it (a 400-digit number is Infinity once parsed: the message quotes the file).
 */
export function outOfRange(
  value: number,
  unit: Unit,
  written: unknown,
): { message: string; hint?: string } | undefined {
  const range = RANGES[unit];
  if (Number.isFinite(value) && value >= range.min && value <= range.max) return undefined;
  const text = String(written);
  const quoted = text.length > 24 ? `${text.slice(0, 20)}…` : text;
  if (value < range.min && range.min === 0) return { message: `a ${range.noun} cannot be negative: ${quoted}` };
  return {
    message: `${range.noun} ${quoted} is outside what the lander takes: ${range.text}`,
    hint: unit === "duration" && value > range.max ? "split a longer wait into several wait steps" : undefined,
  };
}

/**
 * Why a quantity the mission schema's pattern refused is wrong, when it is a number with its unit
 * written in a form the lander does not take: negative where the lander's range starts at 0
 * ("-1s"), or not in plain digits ("1e309s"). undefined for anything else: a number without its
 * unit, or a unit misspelt, keeps the schema's message.
 */
export function refusedQuantity(written: string, unit: Unit): { message: string; hint?: string } | undefined {
  const quantity = writtenQuantity(written, unit);
  if (!quantity) return undefined;
  // "-0s" too: a minus sign where the lander's range starts at 0 is a mistake, whatever follows it.
  if (quantity.negative && RANGES[unit].min === 0)
    return outOfRange(Math.min(quantity.value, -Number.MIN_VALUE), unit, written.trim());
  if (!quantity.plainDigits)
    return { message: `"${written}": write the number in plain digits`, hint: `for example ${quantity.example}` };
  return undefined;
}
