// Quantities in mission files carry their unit ("64mm", "1.5s", "60deg/s"): a bare number is an
// error, because a servo told 90 when the author meant 90 ms does something nobody wanted.

export type Unit = "duration" | "angle" | "angular-speed" | "length" | "rate" | "rpm";

const UNITS: Readonly<Record<Unit, { readonly suffixes: Readonly<Record<string, number>>; readonly example: string }>> =
  {
    // Milliseconds.
    duration: { suffixes: { ms: 1, s: 1000, min: 60_000 }, example: "1.5s or 500ms" },
    // Degrees.
    angle: { suffixes: { deg: 1, "°": 1 }, example: "70deg" },
    // Degrees per second.
    "angular-speed": { suffixes: { "deg/s": 1, "°/s": 1 }, example: "60deg/s" },
    // Millimetres.
    length: { suffixes: { mm: 1, cm: 10 }, example: "64mm" },
    // Millimetres per second.
    rate: { suffixes: { "mm/s": 1 }, example: "2mm/s" },
    rpm: { suffixes: { rpm: 1 }, example: "300rpm" },
  };

const QUANTITY = /^(-?\d+(?:\.\d+)?)\s*([a-z°/]+)$/i;

/** The value in the unit's base (ms, degrees, deg/s, mm, mm/s, rpm), or a message saying what is wrong. */
export function parseQuantity(value: unknown, unit: Unit): number | string {
  const { suffixes, example } = UNITS[unit];
  if (typeof value === "number") return `give a unit: ${value} of what? (for example ${example})`;
  if (typeof value !== "string") return `expected a ${unit.replace("-", " ")} such as ${example}`;
  const match = QUANTITY.exec(value.trim());
  if (!match) return `"${value}" is not a ${unit.replace("-", " ")} (for example ${example})`;
  const scale = suffixes[(match[2] ?? "").toLowerCase()];
  if (scale === undefined)
    return `"${match[2]}" is not a unit of ${unit.replace("-", " ")} here (for example ${example})`;
  return Number(match[1]) * scale;
}

/** The unit whose quantities a mission schema pattern takes ("^\\d+(\\.\\d+)?\\s*(ms|s|min)$": duration). */
export function unitOfPattern(pattern: string): Unit | undefined {
  const accepts = new RegExp(pattern, "u");
  return (Object.keys(UNITS) as Unit[]).find((unit) =>
    Object.keys(UNITS[unit].suffixes).some((suffix) => accepts.test(`1${suffix}`)),
  );
}

/**
 * A string that ends in one of `unit`'s suffixes, spelt as the schema spells them, and has a number
 * before it in some form JavaScript reads ("-1s", "1e309s", ".5s"): that number in the unit's base,
 * whether it was plain digits, and the unit's example. undefined when it is no such thing (a
 * misspelt unit is for the schema's own message).
 */
export function writtenQuantity(
  value: string,
  unit: Unit,
): { value: number; negative: boolean; plainDigits: boolean; example: string } | undefined {
  const { suffixes, example } = UNITS[unit];
  const text = value.trim();
  // Longest first: "500ms" is milliseconds, not "500m" seconds.
  const suffix = Object.keys(suffixes)
    .sort((a, b) => b.length - a.length)
    .find((candidate) => text.endsWith(candidate));
  if (suffix === undefined) return undefined;
  const number = text.slice(0, -suffix.length).trim();
  const parsed = Number(number);
  if (number === "" || Number.isNaN(parsed)) return undefined;
  return {
    value: parsed * (suffixes[suffix] ?? 1),
    negative: number.startsWith("-"),
    plainDigits: /^-?\d+(\.\d+)?$/.test(number),
    example,
  };
}
