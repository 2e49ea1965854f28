// How deep a mission file's collections may nest. The yaml package composes a document by
// recursion, so `[[[[…` 100,000 deep overflows the stack and says "Maximum call stack size
// exceeded"; the schema validator and toJS recurse too. A mission nests 6 levels (phases, a
// phase, its steps, a step, a joint move); anything past the limit is refused at its place
// before anything recursive sees it.
import type { Document, LineCounter, Node } from "yaml";
import { lazyYaml } from "../lazy";
import { problemAt, problemAtNode, type Problem } from "./problem";

export const MAX_MISSION_NESTING = 16;

const TOO_DEEP = "nested too deeply";
const HINT = `a mission nests at most ${MAX_MISSION_NESTING} levels`;

/** The lexer's control tokens (document, flow error end, scalar): they stand for no text in the source. */
const CONTROL = new Set(["\x02", "\x18", "\x1f"]);

/**
 * The offset of the first collection past the limit that the lexer alone can see, or undefined.
 * Flow brackets each open a level. In block context, the columns where lines' content starts
 * (and where content follows a `- ` or `? ` on the same line, as in `- - - x`) form a stack of
 * strictly increasing columns: a line further in than the one above it is inside it, so every
 * column but the last on the stack is a collection. Both only ever undercount the real depth
 * (a sequence under a key at the same indentation is not seen), so a file this refuses is too
 * deep; the composed document's check then counts exactly. The lexer is a loop, not a recursion.
 */
function tooDeepInText(source: string): number | undefined {
  const columns: number[] = [];
  let offset = 0;
  let lineStart = 0;
  let flow = 0;
  /** 1 when the outermost open flow collection starts after its line's node (`key: [`), else 0. */
  let flowBase = 0;
  /** Whether the next content token starts a block node: at a line's start, or after `- `/`? `. */
  let nodeStarts = true;
  let scalarNext = false;
  let blockScalar = false;
  for (const token of new (lazyYaml().Lexer)().lex(source)) {
    const at = offset;
    const column = at - lineStart;
    if (!CONTROL.has(token)) offset += token.length;
    // Scalars, block scalars and quoted ones, are single tokens that may span lines.
    const newline = token.lastIndexOf("\n");
    if (newline >= 0) lineStart = at + newline + 1;
    if (token === "\n" || token === "\r\n") {
      nodeStarts = true;
      continue;
    }
    if (scalarNext) {
      scalarNext = false;
      if (token.endsWith("\n")) nodeStarts = true;
      continue;
    }
    if (token === "---" || token === "...") columns.length = 0;
    if (token === "\x18") flow = 0;
    if (token === "\x1f") {
      scalarNext = true;
      // A block scalar's text follows its header (`|`, `>`): text, not a node.
      if (blockScalar) {
        blockScalar = false;
        continue;
      }
    }
    if (token.startsWith("|") || token.startsWith(">")) blockScalar = true;
    // Space, comments, and a node's anchor (&a) or tag (!t), which come before the node itself.
    if (/^[ \t#&!]/.test(token) || token === "" || (CONTROL.has(token) && token !== "\x1f")) continue;
    const starts = flow === 0 && nodeStarts;
    if (starts) {
      while (columns.length > 0 && (columns[columns.length - 1] ?? 0) > column) columns.pop();
      if (columns[columns.length - 1] !== column) columns.push(column);
      nodeStarts = token === "-" || token === "?";
    }
    if (token === "[" || token === "{") {
      if (flow === 0) flowBase = starts ? 0 : 1;
      flow++;
    } else if (token === "]" || token === "}") flow = Math.max(0, flow - 1);
    if (columns.length - 1 + (flow > 0 ? flowBase + flow : 0) > MAX_MISSION_NESTING) return at;
  }
  return undefined;
}

/** A refusal at the first collection nested past the limit in the text, before it is composed. */
export function nestingProblemInText(source: string): { problem: Problem; lines: LineCounter } | undefined {
  const offset = tooDeepInText(source);
  if (offset === undefined) return undefined;
  const lines = new (lazyYaml().LineCounter)();
  lines.addNewLine(0);
  for (let at = source.indexOf("\n"); at >= 0; at = source.indexOf("\n", at + 1)) lines.addNewLine(at + 1);
  return { problem: problemAt(lines, offset, TOO_DEEP, HINT), lines };
}

/** A refusal at the first collection of the composed document nested past the limit, walked without recursion. */
export function nestingProblemInDocument(doc: Document, lines: LineCounter): Problem | undefined {
  const { isCollection, isPair } = lazyYaml();
  const stack: [unknown, number][] = [[doc.contents, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    if (isPair(node)) {
      stack.push([node.value, depth], [node.key, depth]);
    } else if (isCollection(node)) {
      if (depth + 1 > MAX_MISSION_NESTING) return problemAtNode(lines, node as Node, TOO_DEEP, HINT);
      // Reversed onto the stack, so the first one too deep in the file is the one named.
      for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], depth + 1]);
    }
  }
  return undefined;
}
