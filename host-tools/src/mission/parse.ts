import type { Ajv, ErrorObject } from "ajv";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Document, LineCounter, Node } from "yaml";
import { lazyAjv, lazyYaml } from "../lazy";
import { REPO_ROOT } from "../paths";
import { MAX_MISSION_NESTING, nestingProblemInDocument, nestingProblemInText } from "./nesting";
import { problemAt, problemAtNode, type Problem } from "./problem";

export const MISSION_SCHEMA_PATH = path.join(REPO_ROOT, "missions", "mission.schema.json");

export interface ParsedMission {
  readonly doc: Document;
  readonly lines: LineCounter;
  /** Plain data, present when the file parsed as YAML, whether or not it matches the schema. */
  readonly data: unknown;
  /**
   * Where the data breaks the schema (Ajv instance paths such as /phases/0/steps/3): the
   * board and physics checks pass over those places and check the rest in the same pass.
   */
  readonly flagged: readonly string[];
  readonly problems: Problem[];
}

let validateSchema: ReturnType<Ajv["compile"]> | undefined;

function schemaValidator(): ReturnType<Ajv["compile"]> {
  validateSchema ??= new (lazyAjv().Ajv)({ allErrors: true, strict: false, verbose: true }).compile(
    JSON.parse(readFileSync(MISSION_SCHEMA_PATH, "utf8")) as object,
  );
  return validateSchema;
}

/** The YAML node an Ajv instance path (/phases/0/steps/3) points at, or the nearest parent that exists. */
function nodeAt(doc: Document, pointer: string): Node | undefined {
  const keys = pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  for (let n = keys.length; n >= 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as Node | undefined;
    if (node && typeof node === "object" && "range" in node) return node;
  }
  return undefined;
}

/** The plain value at an Ajv instance path. */
function value(doc: Document, pointer: string): unknown {
  return doc.getIn(
    pointer
      .split("/")
      .slice(1)
      .map((key) => (/^\d+$/.test(key) ? Number(key) : key)),
  );
}

/** The key node of `property` in the map at `pointer`: where an unknown key is best reported. */
function keyNode(doc: Document, pointer: string, property: string): Node | undefined {
  const map = nodeAt(doc, pointer);
  if (!lazyYaml().isMap(map)) return undefined;
  const pair = map.items.find((item) => (item.key as { value?: unknown } | null)?.value === property);
  return (pair?.key as Node | undefined) ?? undefined;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = editDistance(word, candidate);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return bestScore <= Math.max(2, word.length / 3) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j] ?? 0;
      row[j] = Math.min(kept + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length] ?? 0;
}

const STEP_KINDS = [
  "selftest",
  "pose",
  "joint",
  "spin",
  "feed",
  "hold",
  "retract",
  "wait",
  "lid",
  "flag",
  "ascender",
  "marker",
  "checkpoint",
];

/**
 * A schema error as one problem a person can act on. A step fails every branch of the schema's
 * oneOf at once; those are boiled down to what the step itself got wrong.
 */
function describe(
  doc: Document,
  lines: LineCounter,
  error: ErrorObject,
  siblings: readonly ErrorObject[],
): Problem | undefined {
  const at = error.instancePath;
  const isStep = /^\/phases\/\d+\/steps\/\d+$/.test(at);
  if (isStep && error.keyword === "oneOf") {
    const node = nodeAt(doc, at);
    const keys = lazyYaml().isMap(node)
      ? node.items.map((item) => String((item.key as { value?: unknown }).value))
      : [];
    const kind = keys.find((key) => STEP_KINDS.includes(key));
    if (!kind) {
      const guess = keys[0] === undefined ? undefined : closest(keys[0], STEP_KINDS);
      return problemAtNode(
        lines,
        node,
        keys.length === 0 ? "a step must say what to do" : `unknown step "${keys.join(", ")}"`,
        guess ? `did you mean ${guess}?` : `steps are ${STEP_KINDS.join(", ")}`,
      );
    }
    // Errors inside the step's own value say more than the oneOf itself.
    const inner = siblings.filter((e) => e.instancePath.startsWith(`${at}/${kind}`) && e.keyword !== "oneOf");
    if (inner.length > 0) return undefined;
    if (keys.length > 1)
      return problemAtNode(lines, node, `a step does one thing: ${keys.join(" and ")}`, "split it into steps");
    return problemAtNode(lines, nodeAt(doc, `${at}/${kind}`), `${kind}: not a valid value`);
  }
  // Each branch of a step's oneOf complains about the step as a whole ("missing pose"): noise.
  if (isStep) return undefined;
  if (/^\/phases\/\d+\/steps\/\d+\//.test(at)) {
    const stepAt = at.split("/").slice(0, 5).join("/");
    // Errors from branches of the oneOf the step did not mean are noise.
    const node = nodeAt(doc, stepAt);
    const keys = lazyYaml().isMap(node)
      ? node.items.map((item) => String((item.key as { value?: unknown }).value))
      : [];
    const kind = at.split("/")[5];
    if (!keys.includes(kind ?? "")) return undefined;
  }
  if (error.keyword === "additionalProperties") {
    const property = String((error.params as { additionalProperty: string }).additionalProperty);
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const guess = closest(property, allowed);
    return problemAtNode(
      lines,
      keyNode(doc, at, property) ?? nodeAt(doc, at),
      `unknown key "${property}"`,
      guess ? `did you mean ${guess}?` : allowed.length > 0 ? `expected one of ${allowed.join(", ")}` : undefined,
    );
  }
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
    return problemAtNode(lines, nodeAt(doc, at), `not one of ${allowed.join(", ")}`);
  }
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return problemAtNode(lines, nodeAt(doc, at), `missing "${missing}"`);
  }
  if (error.keyword === "type" && (error.params as { type: string }).type === "string") {
    // `wait: {until: -2min}` fails the string form of wait too: the error inside the map says it.
    if (typeof value(doc, at) === "object" && siblings.some((other) => other.instancePath.startsWith(`${at}/`)))
      return undefined;
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    return problemAtNode(lines, nodeAt(doc, at), "give a unit with the number", description);
  }
  if (error.keyword === "oneOf") return undefined;
  return problemAtNode(lines, nodeAt(doc, at), error.message ?? "not valid here");
}

/** The keywords that say most about a value, best first: the others at the same place are dropped. */
const PREFERRED = ["additionalProperties", "enum", "type", "required", "const"];

/**
 * Keeps, for each place in the file, the errors that say most: where a value could match any of
 * several forms, Ajv reports every form it failed ("must be string", "must be object").
 */
function pickErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPlace = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPlace.get(error.instancePath) ?? [];
    list.push(error);
    byPlace.set(error.instancePath, list);
  }
  const kept: ErrorObject[] = [];
  for (const list of byPlace.values()) {
    const oneOf = list.filter((error) => error.keyword === "oneOf");
    kept.push(...oneOf);
    const rest = list.filter((error) => error.keyword !== "oneOf");
    const keyword = PREFERRED.find((name) => rest.some((error) => error.keyword === name));
    if (keyword === "additionalProperties") kept.push(...rest.filter((error) => error.keyword === keyword));
    else if (keyword === "type") {
      // A quantity written as a bare number fails "must be string" first of all.
      const typed = rest.filter((error) => error.keyword === "type");
      const best = typed.find((error) => (error.params as { type: string }).type === "string") ?? typed[0];
      if (best) kept.push(best);
    } else {
      const best = keyword ? rest.find((error) => error.keyword === keyword) : rest[0];
      if (best) kept.push(best);
    }
  }
  return kept;
}

/**
 * How many copies YAML aliases (*name) may make in all, counted as the yaml package does (an
 * alias of a node holding n aliases counts n): a real mission needs few, a "billion laughs"
 * file needs millions, and each copy costs memory before any check can run.
 */
export const MAX_ALIAS_COPIES = 1000;

/** The document as plain data, or a problem at its first alias when aliases expand too far. */
function expandAliases(doc: Document, lines: LineCounter): { data: unknown } | { problem: Problem } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COPIES }) };
  } catch (error) {
    // The yaml package throws a ReferenceError without a place: the first alias is where to look.
    if (!(error instanceof ReferenceError)) throw error;
    let first: Node | undefined;
    lazyYaml().visit(doc, {
      Alias(_, alias) {
        first = alias;
        return lazyYaml().visit.BREAK;
      },
    });
    const message = /excessive alias/i.test(error.message)
      ? `YAML aliases here expand to more than ${MAX_ALIAS_COPIES} copies`
      : `YAML: ${error.message}`;
    return { problem: problemAtNode(lines, first, message, "write the steps out, or use repeat") };
  }
}

/** Parses YAML (or JSON) keeping positions, then checks it against the mission schema. */
export function parseMission(source: string): ParsedMission {
  const { Document: EmptyDocument, LineCounter: Lines, parseDocument } = lazyYaml();
  const deep = nestingProblemInText(source);
  if (deep)
    return { doc: new EmptyDocument(), lines: deep.lines, data: undefined, flagged: [], problems: [deep.problem] };
  const lines = new Lines();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    const message = error.message.split("\n")[0] ?? "";
    problems.push(
      problemAt(
        lines,
        error.pos[0],
        /unique/i.test(message)
          ? "the same key twice: a step moves each joint once"
          : // Nesting the scan before parsing could not see: still not a stack trace's words.
            /call stack/i.test(message)
            ? `nested too deeply (a mission nests at most ${MAX_MISSION_NESTING} levels)`
            : `YAML: ${message}`,
      ),
    );
  }
  if (problems.length > 0) return { doc, lines, data: undefined, flagged: [], problems };
  if (!lazyYaml().isMap(doc.contents))
    return {
      doc,
      lines,
      data: undefined,
      flagged: [],
      problems: [problemAt(lines, 0, "a mission is a map with name and phases")],
    };
  const nesting = nestingProblemInDocument(doc, lines);
  if (nesting) return { doc, lines, data: undefined, flagged: [], problems: [nesting] };
  const expanded = expandAliases(doc, lines);
  if ("problem" in expanded) return { doc, lines, data: undefined, flagged: [], problems: [expanded.problem] };
  const data = expanded.data;
  const validate = schemaValidator();
  if (validate(data)) return { doc, lines, data, flagged: [], problems };
  const errors = pickErrors(validate.errors ?? []);
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = describe(doc, lines, error, errors);
    if (!problem) continue;
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  if (problems.length === 0) problems.push(problemAt(lines, 0, "does not match the mission schema"));
  const flagged = [...new Set((validate.errors ?? []).map((error) => error.instancePath))];
  return { doc, lines, data, flagged, problems };
}
