import type { LineCounter, Node } from "yaml";

/** One thing wrong in a mission file, where it is and what to do about it. */
export interface Problem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly hint?: string;
}

export function problemAt(lines: LineCounter, offset: number, message: string, hint?: string): Problem {
  const { line, col } = lines.linePos(offset);
  return { line, col, message, hint };
}

/** A problem at a YAML node (its start), or at the start of the file for a node without a range. */
export function problemAtNode(
  lines: LineCounter,
  node: Node | null | undefined,
  message: string,
  hint?: string,
): Problem {
  return problemAt(lines, node?.range?.[0] ?? 0, message, hint);
}

/** `FILE:LINE:COL: message (hint)`, as compilers print, so editors jump to it. */
export function formatProblem(file: string, problem: Problem): string {
  return `${file}:${problem.line}:${problem.col}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ""}`;
}
