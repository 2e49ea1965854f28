import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { ErrorObject } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import type { BoardConfig } from "../../../firmware/board/config";
import { BOARDS_DIR } from "../paths";
import { InputFileError, readInputFile } from "../input-file";
import { encodingProblemAt, lineAndColumn } from "../text-encoding";
import { checkBoard } from "./check";
import { duplicateKeys } from "./json-keys";

/** A board file is a page or two of JSON: a megabyte is no board file. */
export const MAX_BOARD_FILE_BYTES = 1024 * 1024;

/**
 * A board file that failed to load: every problem, each on its own line as `file: /path: message`,
 * or as `file:LINE:COL: message` (`positioned`) where the place in the text is known.
 */
export class BoardError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    readonly positioned = false,
  ) {
    super(problems.map((problem) => `${file}${positioned ? ":" : ": "}${problem}`).join("\n"));
  }
}

let validator: ReturnType<Ajv2020["compile"]> | undefined;

function validateSchema(data: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(path.join(BOARDS_DIR, "board.schema.json"), "utf8")) as object;
    // Loaded on first use: a command that never reads a board does not pay for the validator.
    const { Ajv2020: Validator } = createRequire(import.meta.url)(
      "ajv/dist/2020.js",
    ) as typeof import("ajv/dist/2020.js");
    validator = new Validator({ allErrors: true, strict: true }).compile(schema);
  }
  if (validator(data)) return [];
  return (validator.errors ?? []).map(describeSchemaError);
}

/** One schema error as `/path: message`; an unknown key is named, with a guess at what was meant. */
function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath || "/";
  const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
  const unknown = params.additionalProperty ?? params.unevaluatedProperty;
  if (unknown !== undefined) return `${at}: unknown key "${unknown}"`;
  return `${at}: ${error.message ?? "is invalid"}`;
}

/** Parses and checks a board file's text; throws BoardError listing everything wrong with it. */
export function parseBoard(text: string, file: string): BoardConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BoardError(file, [`not JSON: ${(error as Error).message}`]);
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) {
    const bytes = Buffer.from(text);
    throw new BoardError(
      file,
      duplicates.map(({ key, object, offset }) => {
        const { line, col } = lineAndColumn(bytes, Buffer.byteLength(text.slice(0, offset)));
        return `${line}:${col}: ${object || "/"}: the key "${key}" is given twice (JSON keeps only the last)`;
      }),
      true,
    );
  }
  const schemaProblems = validateSchema(data);
  if (schemaProblems.length > 0) throw new BoardError(file, schemaProblems);
  const board = data as BoardConfig;
  const problems = checkBoard(board).map((problem) => `${problem.path}: ${problem.message}`);
  const expectedId = path.basename(file, ".json");
  if (file.endsWith(".json") && board.id !== expectedId)
    problems.push(`/id: "${board.id}" must match the file name "${expectedId}"`);
  if (problems.length > 0) throw new BoardError(file, problems);
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
    if (error.reason !== "does not exist") throw new BoardError(file, [error.reason]);
    const known = listBoardIds().join(", ");
    throw new BoardError(file, [`no such board file (known boards: ${known})`]);
  }
  const encoding = encodingProblemAt(bytes);
  if (encoding) throw new BoardError(file, [`${encoding.line}:${encoding.col}: ${encoding.message}`], true);
  return parseBoard(bytes.toString("utf8"), file);
}

export function listBoardIds(): string[] {
  return readdirSync(BOARDS_DIR)
    .filter((name) => name.endsWith(".json") && name !== "board.schema.json")
    .map((name) => name.slice(0, -".json".length))
    .sort();
}
