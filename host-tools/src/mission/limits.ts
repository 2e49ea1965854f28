// A mission's quantities against the lander's own limits (firmware/mission/limits.ts): the one
// table both sides read, so validate refuses exactly what the lander would.
import { MISSION_LIMITS } from "../../../firmware/mission/limits";
import { aQuantity, quantityNoun, type Unit } from "./quantity";

interface Range {
  readonly min: number;
  readonly max: number;
  /** The limits as a mission file writes them. */
  readonly text: string;
}

const RANGES: Readonly<Record<Unit, Range>> = {
  duration: {
    min: 0,
    max: MISSION_LIMITS.maxDurationMs,
    text: `at most ${MISSION_LIMITS.maxDurationMs / 60_000}min (${MISSION_LIMITS.maxDurationMs}ms)`,
  },
  angle: {
    min: MISSION_LIMITS.minAngleDeg,
    max: MISSION_LIMITS.maxAngleDeg,
    text: `${MISSION_LIMITS.minAngleDeg}deg to ${MISSION_LIMITS.maxAngleDeg}deg`,
  },
  "angular-speed": {
    min: 0,
    max: MISSION_LIMITS.maxSpeedDegS,
    text: `at most ${MISSION_LIMITS.maxSpeedDegS}deg/s`,
  },
  length: { min: 0, max: MISSION_LIMITS.maxDepthMm, text: `at most ${MISSION_LIMITS.maxDepthMm}mm` },
  rate: { min: 0, max: MISSION_LIMITS.maxRateMmS, text: `at most ${MISSION_LIMITS.maxRateMmS}mm/s` },
  rpm: { min: 0, max: MISSION_LIMITS.maxRpm, text: `at most ${MISSION_LIMITS.maxRpm}rpm` },
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
  // "-0s" too: a minus sign where the lander's range starts at 0 is a mistake, whatever follows it.
  const negative = value < 0 || Object.is(value, -0);
  if (Number.isFinite(value) && value >= range.min && value <= range.max && !(negative && range.min === 0))
    return undefined;
  const text = String(written);
  const quoted = text.length > 24 ? `${text.slice(0, 20)}…` : text;
  if (negative && range.min === 0) return { message: `${aQuantity(unit)} cannot be negative: ${quoted}` };
  return {
    message: `${quantityNoun(unit)} ${quoted} is outside what the lander takes: ${range.text}`,
    hint: unit === "duration" && value > range.max ? "split a longer wait into several wait steps" : undefined,
  };
}
