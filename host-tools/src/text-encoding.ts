// Mission and board files are UTF-8 text. An editor that saved one as UTF-16, or a binary file
// passed by mistake, otherwise reaches the YAML or JSON parser as noise and comes back as
// "a mission is a map" at 1:1: this names the encoding problem instead.

/** What is wrong with a file's bytes as UTF-8 text, and where (a byte offset into the file). */
export interface EncodingProblem {
  readonly offset: number;
  readonly message: string;
}

const SAVE_AS_UTF8 = "save it as UTF-8";

/** Bytes 0..n-1 of `bytes` as text offsets: the line and column of `offset`, 1-based. */
export function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** The encoding problem of `bytes` with its line and column, for a FILE:LINE:COL refusal; undefined for UTF-8 text. */
export function encodingProblemAt(bytes: Uint8Array): { line: number; col: number; message: string } | undefined {
  const problem = encodingProblem(bytes);
  return problem && { ...lineAndColumn(bytes, problem.offset), message: problem.message };
}

/** undefined for UTF-8 text (with or without its byte-order mark); else what the bytes are. */
export function encodingProblem(bytes: Uint8Array): EncodingProblem | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xff && b === 0xfe && c === 0 && d === 0)
    return {
      offset: 0,
      message: `the file is UTF-32 text (it starts with a UTF-32LE byte-order mark): ${SAVE_AS_UTF8}`,
    };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff)
    return {
      offset: 0,
      message: `the file is UTF-32 text (it starts with a UTF-32BE byte-order mark): ${SAVE_AS_UTF8}`,
    };
  if (a === 0xff && b === 0xfe)
    return {
      offset: 0,
      message: `the file is UTF-16 text (it starts with a UTF-16LE byte-order mark): ${SAVE_AS_UTF8}`,
    };
  if (a === 0xfe && b === 0xff)
    return {
      offset: 0,
      message: `the file is UTF-16 text (it starts with a UTF-16BE byte-order mark): ${SAVE_AS_UTF8}`,
    };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return looksLikeUtf16(bytes)
      ? { offset: 0, message: `the file looks like UTF-16 text without a byte-order mark: ${SAVE_AS_UTF8}` }
      : { offset: nul, message: "a NUL byte: this is a binary file, not text" };
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      offset: firstInvalidUtf8(bytes),
      message: `not UTF-8 text (a byte that UTF-8 does not allow): ${SAVE_AS_UTF8}`,
    };
  }
  return undefined;
}

/** ASCII saved as UTF-16 without a mark: in the first bytes, every other one is 0. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64);
  let even = 0;
  let odd = 0;
  sample.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  });
  const pairs = Math.floor(sample.length / 2);
  return pairs >= 2 && (even === 0 || odd === 0) && even + odd >= pairs / 2;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // Bisect on prefixes: a valid prefix decodes, except when cut inside a sequence (stream: true).
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  // The prefix may end inside a sequence that only the next byte showed to be bad: start there.
  let start = good;
  while (start > 0 && good - start < 3 && ((bytes[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  if (start > 0 && (bytes[start - 1] ?? 0) >= 0xc0) return start - 1;
  return good;
}
