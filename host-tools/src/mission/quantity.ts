// Quantities in mission files carry their unit ("64mm", "1.5s", "60deg/s"): a bare number is an
// error, because a servo told 90 when the author meant 90 ms does something nobody wanted.
// Each quantity's units are declared once, here; speeds and rates are derived from them.

export type Unit = "duration" | "angle" | "angular-speed" | "length" | "rate" | "rpm";

/** One unit: how much of the quantity's base it is, and how people write it (the first is shown in hints). */
interface Spelling {
  readonly scale: number;
  readonly spellings: readonly string[];
}

const MS: Spelling = { scale: 1, spellings: ["ms", "msec", "msecs", "millisecond", "milliseconds"] };
const SECOND: Spelling = { scale: 1000, spellings: ["s", "sec", "secs", "second", "seconds"] };
const MINUTE: Spelling = { scale: 60_000, spellings: ["min", "mins", "minute", "minutes"] };
const DEGREE: Spelling = { scale: 1, spellings: ["deg", "degs", "degree", "degrees", "°"] };
const MM: Spelling = { scale: 1, spellings: ["mm", "millimeter", "millimeters", "millimetre", "millimetres"] };
const CM: Spelling = { scale: 10, spellings: ["cm", "centimeter", "centimeters", "centimetre", "centimetres"] };

/** `amount` per unit of time, in the base of `amount` per second (deg/s, mm/s). */
function perTime(amounts: readonly Spelling[], times: readonly Spelling[]): Spelling[] {
  return amounts.flatMap((amount) =>
    times.map((time) => ({
      scale: (amount.scale * 1000) / time.scale,
      spellings: amount.spellings.flatMap((a) => time.spellings.map((t) => `${a}/${t}`)),
    })),
  );
}

interface Quantity {
  /** What the quantity is called in a message: "a depth", "a duration". */
  readonly noun: string;
  readonly units: readonly Spelling[];
  readonly example: string;
}

const QUANTITIES: Readonly<Record<Unit, Quantity>> = {
  // Milliseconds.
  duration: { noun: "duration", units: [MS, SECOND, MINUTE], example: "1.5s or 500ms" },
  // Degrees.
  angle: { noun: "angle", units: [DEGREE], example: "70deg" },
  // Degrees per second.
  "angular-speed": { noun: "speed", units: perTime([DEGREE], [SECOND, MINUTE]), example: "60deg/s" },
  // Millimetres.
  length: { noun: "depth", units: [MM, CM], example: "64mm" },
  // Millimetres per second.
  rate: { noun: "feed rate", units: perTime([MM, CM], [SECOND, MINUTE]), example: "2mm/s" },
  rpm: { noun: "spin", units: [{ scale: 1, spellings: ["rpm", "rev/min"] }], example: "300rpm" },
};

/** The unit written in `text` in a form to look up: case and spaces do not matter ("Deg / S"). */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, "");
}

/** Every spelling of the unit's units, as normalise() leaves them, with its scale. */
function spellings(unit: Unit): [string, number][] {
  return QUANTITIES[unit].units.flatMap(({ scale, spellings }) =>
    spellings.map((s): [string, number] => [normalise(s), scale]),
  );
}

function scaleOf(unit: Unit, written: string): number | undefined {
  const key = normalise(written);
  return spellings(unit).find(([spelling]) => spelling === key)?.[1];
}

/** "mm or cm", "ms, s or min": each unit's usual spelling. */
function usualUnits(unit: Unit): string {
  const usual = QUANTITIES[unit].units.map((u) => u.spellings[0] ?? "");
  return usual.length === 1 ? (usual[0] ?? "") : `${usual.slice(0, -1).join(", ")} or ${usual.at(-1) ?? ""}`;
}

/** The quantity's name in messages ("depth", "feed rate"). */
export function quantityNoun(unit: Unit): string {
  return QUANTITIES[unit].noun;
}

/** "a depth", "an angle". */
export function aQuantity(unit: Unit): string {
  const noun = quantityNoun(unit);
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/** The quantity's example as a hint shows it ("1.5s or 500ms"). */
export function quantityExample(unit: Unit): string {
  return QUANTITIES[unit].example;
}

/** Plain digits, one point at most, a minus sign only in front, then the unit. */
const PLAIN = /^(-?\d+(?:\.\d+)?)\s*([^\d\s.+-][^]*)$/;

/**
 * The value in the unit's base (ms, degrees, deg/s, mm, mm/s, rpm; -0 for "-0s", so a minus sign
 * can be refused where the range starts at 0), or a message saying what is wrong.
 */
export function parseQuantity(value: unknown, unit: Unit): number | string {
  const { example } = QUANTITIES[unit];
  const noun = aQuantity(unit);
  if (typeof value === "number") return `give a unit: ${value} of what? (for example ${example})`;
  if (typeof value !== "string") return `expected ${noun} such as ${example}`;
  const text = value.trim();
  const plain = PLAIN.exec(text);
  if (plain) {
    const written = plain[2] ?? "";
    const scale = scaleOf(unit, written);
    if (scale !== undefined) return Number(plain[1]) * scale;
  }
  if (writtenInOtherDigits(text, unit)) return `"${value}": write the number in plain digits (for example ${example})`;
  if (plain) return `unknown unit "${plain[2]?.trim()}" for ${noun}: use ${usualUnits(unit)}`;
  if (/^-?\d+(\.\d+)?$/.test(text))
    return `"${value}" needs its unit: use ${usualUnits(unit)} (for example ${example})`;
  return `"${value}" is not ${noun} (for example ${example})`;
}

/** Whether `text` is a number JavaScript reads ("1e309", ".5") but not in plain digits, and one of the unit's units. */
function writtenInOtherDigits(text: string, unit: Unit): boolean {
  const lower = text.toLowerCase();
  // Longest first: "500ms" is milliseconds, not "500m" of something.
  const suffix = spellings(unit)
    .map(([spelling]) => spelling)
    .sort((a, b) => b.length - a.length)
    .find((s) => lower.endsWith(s));
  if (suffix === undefined) return false;
  const number = text.slice(0, -suffix.length).trim();
  return number !== "" && !Number.isNaN(Number(number));
}
