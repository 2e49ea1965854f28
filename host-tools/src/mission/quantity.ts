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
