import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { ErrorObject } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import type { BoardConfig } from "../../../firmware/board/config";
import { BOARDS_DIR } from "../paths";
import { InputFileError, readInputFile } from "../input-file";
import { encodingProblemAt } from "../text-encoding";
import { checkBoard } from "./check";
import { duplicateKeys } from "./json-keys";
import { placeProblems, placeSyntaxError, type PointedProblem } from "./places";

/** A board file is a page or two of JSON: a megabyte is no board file. */
export const MAX_BOARD_FILE_BYTES = 1024 * 1024;

/** One line of a board refusal: what is wrong, and where in the file when that is known. */
export interface BoardLine {
  readonly text: string;
  readonly line?: number;
  readonly col?: number;
}

/**
 * A board file that failed to load: every problem, each on its own line as `file:LINE:COL:
 * /path: message` where the problem is in the text, `file: message` where it is the file's.
 */
export class BoardError extends Error {
  /** The problems without the file and place, as `/path: message`. */
  readonly problems: readonly string[];
  constructor(
    readonly file: string,
    lines: readonly BoardLine[],
  ) {
    super(
      lines
        .map(({ text, line, col }) => (line === undefined ? `${file}: ${text}` : `${file}:${line}:${col}: ${text}`))
        .join("\n"),
    );
    this.problems = lines.map((line) => line.text);
  }
}

/** The schema board files are checked against: it sits beside them, so `boards/*.json` names it too. */
export const BOARD_SCHEMA = path.join(BOARDS_DIR, "board.schema.json");

let validator: ReturnType<Ajv2020["compile"]> | undefined;

function validateSchema(data: unknown): PointedProblem[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(BOARD_SCHEMA, "utf8")) as object;
    // Loaded on first use: a command that never reads a board does not pay for the validator.
    const { Ajv2020: Validator } = createRequire(import.meta.url)(
      "ajv/dist/2020.js",
    ) as typeof import("ajv/dist/2020.js");
    validator = new Validator({ allErrors: true, strict: true }).compile(schema);
  }
  if (validator(data)) return [];
  const errors = validator.errors ?? [];
  // A key that breaks propertyNames fails twice: its own pattern, and "property name must be valid".
  return errors.filter((error) => error.keyword !== "propertyNames").map(describeSchemaError);
}

/** One schema error at its pointer; an unknown key is named, and placed at that key. */
function describeSchemaError(error: ErrorObject): PointedProblem {
  const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
  const unknown = params.additionalProperty ?? params.unevaluatedProperty;
  if (unknown !== undefined) return { pointer: error.instancePath, message: `unknown key "${unknown}"`, key: unknown };
  const { propertyName } = error as { propertyName?: string };
  if (propertyName !== undefined)
    return {
      pointer: error.instancePath,
      message: `the key "${propertyName}" ${error.message ?? "is invalid"}`,
      key: propertyName,
    };
  return { pointer: error.instancePath, message: error.message ?? "is invalid" };
}

/** Parses and checks a board file's text; throws BoardError listing everything wrong with it, each at its place. */
export function parseBoard(text: string, file: string): BoardConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BoardError(file, [placeSyntaxError(text, error as Error)]);
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) {
    throw new BoardError(
      file,
      placeProblems(
        text,
        duplicates.map(({ key, object, offset }) => ({
          pointer: object,
          message: `the key "${key}" is given twice (JSON keeps only the last)`,
          offset,
        })),
      ),
    );
  }
  const schemaProblems = validateSchema(data);
  if (schemaProblems.length > 0) throw new BoardError(file, placeProblems(text, schemaProblems));
  const board = data as BoardConfig;
  const problems: PointedProblem[] = checkBoard(board).map(({ path: pointer, message }) => ({
    pointer: pointer === "/" ? "" : pointer,
    message,
  }));
  const expectedId = path.basename(file, ".json");
  if (file.endsWith(".json") && board.id !== expectedId)
    problems.push({ pointer: "/id", message: `"${board.id}" must match the file name "${expectedId}"` });
  if (problems.length > 0) throw new BoardError(file, placeProblems(text, problems));
  return board;
}

/** Loads a board by id (boards/<id>.json) or by path to a .json file. */
export function loadBoard(idOrPath: string): BoardConfig {
  const file = idOrPath.endsWith(".json") ? idOrPath : path.join(BOARDS_DIR, `${idOrPath}.json`);
  let bytes: Buffer;
  try {
    bytes = readInputFile(file, MAX_BOARD_FILE_BYTES, "board file");
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    if (error.reason !== "does not exist") throw new BoardError(file, [{ text: error.reason }]);
    const known = listBoardIds().join(", ");
    throw new BoardError(file, [{ text: `no such board file (known boards: ${known})` }]);
  }
  const encoding = encodingProblemAt(bytes);
  if (encoding) throw new BoardError(file, [{ text: encoding.message, line: encoding.line, col: encoding.col }]);
  return parseBoard(bytes.toString("utf8"), file);
}

export function listBoardIds(): string[] {
  return readdirSync(BOARDS_DIR)
    .filter((name) => name.endsWith(".json") && name !== path.basename(BOARD_SCHEMA))
    .map((name) => name.slice(0, -".json".length))
    .sort();
}
