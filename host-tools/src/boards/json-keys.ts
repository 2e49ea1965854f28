// JSON.parse keeps the last of two equal keys without a word: in a board file
// `"minAngle": 10, "minAngle": -180` is a shoulder limit of -180°. This scans text that already
// parsed as JSON for keys given twice in one object, with where the second one is. It is a loop
// over the text with a stack, not a recursion: a file nested 200,000 deep must not overflow.

/** A key given twice in one object: its JSON pointer and the byte offset of the second one. */
export interface DuplicateKey {
  readonly key: string;
  /** The object's JSON pointer ("/joints/shoulder"); "" for the top level. */
  readonly object: string;
  readonly offset: number;
}

interface Open {
  /** Keys seen so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  readonly pointer: string;
  /** Index of the next element, for an array's pointer. */
  index: number;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Every key of `text` (valid JSON) given twice in the same object, in file order. */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Open[] = [];
  /** The key the next value in the current object belongs to. */
  let pendingKey: string | undefined;
  const childPointer = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return "";
    if (top.keys) return `${top.pointer}/${escapePointer(pendingKey ?? "")}`;
    return `${top.pointer}/${top.index}`;
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "{" || char === "[") {
      stack.push({ keys: char === "{" ? new Set() : undefined, pointer: childPointer(), index: 0 });
      pendingKey = undefined;
      i++;
    } else if (char === "}" || char === "]") {
      stack.pop();
      i++;
    } else if (char === ",") {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
      i++;
    } else if (char === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      let next = i;
      while (next < text.length && /\s/.test(text[next] ?? "")) next++;
      const top = stack[stack.length - 1];
      if (text[next] === ":" && top?.keys) {
        const key = JSON.parse(text.slice(start, i)) as string;
        if (top.keys.has(key)) found.push({ key, object: top.pointer, offset: start });
        top.keys.add(key);
        pendingKey = key;
      }
    } else i++;
  }
  return found;
}
