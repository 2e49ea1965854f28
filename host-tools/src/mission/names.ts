// A mission's name as the lander can hold it: printable ASCII (firmware/mission/format.ts says
// why). The file may spell it any way YAML allows, so a NUL from "\0" or an emoji is refused
// here at the name, with the character it has, rather than arriving masked to seven bits.
import type { LineCounter, Node } from "yaml";
import { firstUnprintable } from "../../../firmware/mission/format";
import { problemAtNode, type Problem } from "./problem";

const HINT = "spell it with ASCII letters, digits, spaces and punctuation";

/** Why the lander cannot hold `name`, at its node; undefined when it can. */
export function nameProblem(lines: LineCounter, node: Node | undefined, name: string): Problem | undefined {
  const at = firstUnprintable(name);
  if (at < 0) return undefined;
  const code = name.codePointAt(at) ?? 0;
  const unicode = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const what =
    code < 0x20 || code === 0x7f ? `a control character (${unicode})` : `"${String.fromCodePoint(code)}" (${unicode})`;
  return problemAtNode(lines, node, `the name has ${what}: the lander keeps a name of printable ASCII only`, HINT);
}
