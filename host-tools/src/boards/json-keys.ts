// JSON.parse keeps no positions and keeps the last of two equal keys without a word: in a board
// file `"minAngle": 10, "minAngle": -180` is a shoulder limit of -180°. This walks text that
// already parsed as JSON once, knowing each value's JSON pointer, to find keys given twice and
// where in the file a pointer's key and value are, so every check-board problem carries
// FILE:LINE:COL. It is a loop over the text with a stack, not a recursion: a file nested
// 200,000 deep must not overflow.

/** A key given twice in one object: its JSON pointer and the offset of the second one. */
export interface DuplicateKey {
  readonly key: string;
  /** The object's JSON pointer ("/joints/shoulder"); "" for the top level. */
  readonly object: string;
  readonly offset: number;
}

/** Where a JSON pointer's value starts in the text, and its key when it is an object member. */
export interface Place {
  readonly value: number;
  readonly key?: number;
}

interface Open {
  /** Keys seen so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** undefined inside a value the visitor does not follow: its members' pointers are never built. */
  readonly pointer: string | undefined;
  /** Index of the next element, for an array's pointer. */
  index: number;
}

interface Visitor {
  /** Whether to go on building pointers inside this container (each level lengthens them). */
  follows(pointer: string): boolean;
  value(pointer: string, place: Place): void;
  duplicate(found: DuplicateKey): void;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function walk(text: string, visit: Visitor): void {
  const stack: Open[] = [];
  let expectValue = true;
  let key: { name: string; offset: number } | undefined;
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? "";
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    const isValue = expectValue && char !== "]";
    let pointer: string | undefined;
    if (isValue) {
      if (top === undefined) pointer = "";
      else if (top.pointer !== undefined)
        pointer = `${top.pointer}/${top.keys ? escapePointer(key?.name ?? "") : top.index}`;
      if (pointer !== undefined) visit.value(pointer, { value: i, key: top?.keys ? key?.offset : undefined });
      expectValue = false;
    }
    if (char === "{" || char === "[") {
      const followed = pointer !== undefined && visit.follows(pointer) ? pointer : undefined;
      stack.push({ keys: char === "{" ? new Set() : undefined, pointer: followed, index: 0 });
      expectValue = char === "[";
      i++;
    } else if (char === "}" || char === "]") {
      stack.pop();
      expectValue = false;
      i++;
    } else if (char === ",") {
      if (top && !top.keys) {
        top.index++;
        expectValue = true;
      }
      i++;
    } else if (char === ":") {
      expectValue = true;
      i++;
    } else if (char === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      // A string where no value is expected, inside an object, is a key.
      if (!isValue && top?.keys) {
        const name = JSON.parse(text.slice(start, i)) as string;
        if (top.keys.has(name) && top.pointer !== undefined)
          visit.duplicate({ key: name, object: top.pointer, offset: start });
        top.keys.add(name);
        key = { name, offset: start };
      }
    } else i++;
  }
}

/** Every key of `text` (valid JSON) given twice in the same object, in file order. */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  walk(text, { follows: () => true, value: () => undefined, duplicate: (duplicate) => found.push(duplicate) });
  return found;
}

/**
 * Where each of `pointers` is in `text` (valid JSON). A pointer the file lacks (a missing key, a
 * path cut short) is placed at its nearest parent that exists: where the fix goes.
 */
export function placesOf(text: string, pointers: readonly string[]): Map<string, Place> {
  const wanted = new Set<string>();
  for (const pointer of pointers) {
    for (let at = pointer; ; at = at.slice(0, at.lastIndexOf("/"))) {
      wanted.add(at);
      if (at === "") break;
    }
  }
  const found = new Map<string, Place>();
  walk(text, {
    follows: (pointer) => wanted.has(pointer),
    value: (pointer, place) => {
      if (wanted.has(pointer) && !found.has(pointer)) found.set(pointer, place);
    },
    duplicate: () => undefined,
  });
  const places = new Map<string, Place>();
  for (const pointer of pointers) {
    let at = pointer;
    while (!found.has(at) && at !== "") at = at.slice(0, at.lastIndexOf("/"));
    places.set(pointer, at === pointer ? (found.get(at) ?? { value: 0 }) : { value: found.get(at)?.value ?? 0 });
  }
  return places;
}
