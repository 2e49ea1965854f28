import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import type { BoardConfig } from "../../../firmware/board/config";
import { BOARDS_DIR } from "../paths";
import { checkBoard } from "./check";

/** A board file that failed to load: every problem, each on its own line as `file: /path: message`. */
export class BoardError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join("\n"));
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
  return (validator.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? "is invalid"}`);
}

/** Parses and checks a board file's text; throws BoardError listing everything wrong with it. */
export function parseBoard(text: string, file: string): BoardConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BoardError(file, [`not JSON: ${(error as Error).message}`]);
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
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    const known = listBoardIds().join(", ");
    throw new BoardError(file, [`no such board file (known boards: ${known})`]);
  }
  return parseBoard(text, file);
}

export function listBoardIds(): string[] {
  return readdirSync(BOARDS_DIR)
    .filter((name) => name.endsWith(".json") && name !== "board.schema.json")
    .map((name) => name.slice(0, -".json".length))
    .sort();
}
