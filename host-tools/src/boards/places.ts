// Where a board file's problems are in its text, so each check-board line starts FILE:LINE:COL
// and an editor jumps to the value to fix. Columns count bytes, as the encoding check does.
import { escapePointer, placesOf } from "./json-keys";

/**
 * A problem at a JSON pointer of a board file, printed with that pointer. It is placed at the
 * pointer's value; at the key `key` of that object when given (an unknown key); at `offset`
 * when the caller knows better (the second of two equal keys).
 */
export interface PointedProblem {
  readonly pointer: string;
  readonly message: string;
  readonly key?: string;
  readonly offset?: number;
}

/** A line as check-board prints it after the place: the problem's pointer, then its message. */
export interface PlacedProblem {
  readonly text: string;
  readonly line: number;
  readonly col: number;
}

/** A pointer as printed: "/" for the whole file, a 300-character pose name cut to 40. */
function shown(pointer: string): string {
  if (pointer === "") return "/";
  return pointer
    .split("/")
    .map((part) => (part.length > 40 ? `${part.slice(0, 40)}…` : part))
    .join("/");
}

/**
 * The line and byte column of each offset, in one pass over the text: a file with thousands of
 * problems must not be read again for each one.
 */
function lineAndColumns(text: string, offsets: readonly number[]): Map<number, { line: number; col: number }> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const found = new Map<number, { line: number; col: number }>();
  let line = 1;
  let col = 1;
  let at = 0;
  for (const offset of sorted) {
    for (; at < offset && at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x0a) {
        line++;
        col = 1;
      } else if (code >= 0xd800 && code <= 0xdbff) {
        // A surrogate pair is one character of four UTF-8 bytes.
        col += 4;
        at++;
      } else col += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    }
    found.set(offset, { line, col });
  }
  return found;
}

/** Each problem with the line and column of the value (or key) its pointer names. */
export function placeProblems(text: string, problems: readonly PointedProblem[]): PlacedProblem[] {
  const target = (problem: PointedProblem): string =>
    problem.key === undefined ? problem.pointer : `${problem.pointer}/${escapePointer(problem.key)}`;
  const places = placesOf(text, problems.map(target));
  const offsetOf = (problem: PointedProblem): number => {
    if (problem.offset !== undefined) return problem.offset;
    const place = places.get(target(problem));
    return (problem.key === undefined ? undefined : place?.key) ?? place?.value ?? 0;
  };
  const positions = lineAndColumns(text, problems.map(offsetOf));
  return problems.map((problem) => {
    const { line, col } = positions.get(offsetOf(problem)) ?? { line: 1, col: 1 };
    return { text: `${shown(problem.pointer)}: ${problem.message}`, line, col };
  });
}

/** Whether the first `length` characters fail to parse for a reason other than ending too soon. */
function failsBefore(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return false;
  } catch (error) {
    return !/unexpected end/i.test((error as Error).message);
  }
}

/**
 * Where JSON.parse stopped. V8 gives "at position N" for most errors but not for every one
 * ("Unexpected token ']', "[1,]" is not valid JSON"): then the shortest prefix that already
 * fails the same way ends at the bad character (a prefix that merely ends early fails
 * differently), found by halving.
 */
function syntaxErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/unexpected end/i.test(message)) return text.length;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (failsBefore(text, mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

/** A JSON syntax error as a placed line: `not JSON: what V8 said`, without V8's own position. */
export function placeSyntaxError(text: string, error: Error): PlacedProblem {
  const offset = syntaxErrorOffset(text, error.message);
  const what = error.message
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
  const { line, col } = lineAndColumns(text, [offset]).get(offset) ?? { line: 1, col: 1 };
  return { text: `not JSON: ${what}`, line, col };
}
