import type { Node } from "yaml";
import type { BoardConfig } from "../../../firmware/board/config";
import { encodeMission } from "../../../firmware/mission/format";
import { MAX_MISSION_BYTES } from "../../../firmware/protocol/codec";
import { boardHash } from "../boards/hash";
import { BoardError, loadBoard } from "../boards/load";
import { UserError } from "../errors";
import { readInputFile } from "../input-file";
import { encodingProblemAt } from "../text-encoding";
import { compileMission, type CompiledMission, type MissionFile } from "./compile";
import { nameProblem } from "./names";
import { parseMission, type ParsedMission } from "./parse";
import { formatProblem, problemAtNode, type Problem } from "./problem";

/** Mission files are text a person writes: anything this large is a mistake. */
export const MAX_MISSION_FILE_BYTES = 256 * 1024;
export const DEFAULT_BOARD = "esp32-devkitc";

export interface CheckedMission {
  readonly path: string;
  readonly board: BoardConfig;
  readonly compiled: CompiledMission;
  readonly bytes: Uint8Array;
  /** FILE:LINE:COL: warning: lines for what validates but the author probably did not mean. */
  readonly warnings: readonly string[];
}

/**
 * Reads, checks and compiles a mission file for a board (`boardId`, else the file's own
 * `board`, else the default one). Every problem is reported at once, one line each as
 * FILE:LINE:COL: message, in a UserError.
 */
export function loadMission(path: string, boardId?: string): CheckedMission {
  const bytes = readInputFile(path, MAX_MISSION_FILE_BYTES, "mission");
  const encoding = encodingProblemAt(bytes);
  if (encoding) throw new UserError(formatProblem(path, encoding), true);
  const source = bytes.toString("utf8");
  const parsed = parseMission(source);
  const fail = (problems: readonly Problem[]): never => {
    // A step inside a repeat fails once per value at the same place: say it once.
    const lines = [...new Set(problems.map((problem) => formatProblem(path, problem)))];
    throw new UserError(lines.join("\n"), true);
  };
  if (parsed.data === undefined) return fail(parsed.problems);
  const file = parsed.data as MissionFile;
  const { board, problem: boardProblem } = missionBoard(parsed, boardId);
  const name = typeof file.name === "string" ? file.name : "";
  const named = nameProblem(parsed.lines, parsed.doc.get("name", true) as Node | undefined, name);
  const { compiled, problems } = compileMission(
    parsed.doc,
    parsed.lines,
    file,
    board,
    boardHash(board),
    parsed.flagged,
  );
  // Every problem in one pass: the board's, the schema's, then the physics', in that order.
  const all = [...(boardProblem ? [boardProblem] : []), ...parsed.problems, ...(named ? [named] : []), ...problems];
  if (all.length > 0 || !compiled) return fail(all);
  const encoded = encodeMission(compiled.mission);
  if (encoded.length > MAX_MISSION_BYTES) {
    fail([
      problemAtNode(
        parsed.lines,
        parsed.doc.contents,
        `compiles to ${encoded.length} bytes: the lander keeps at most ${MAX_MISSION_BYTES}`,
      ),
    ]);
  }
  const warnings = compiled.warnings.map((warning) =>
    formatProblem(path, { ...warning, message: `warning: ${warning.message}` }),
  );
  return { path, board, compiled, bytes: encoded, warnings: [...new Set(warnings)] };
}

/**
 * The board to check against: `--board`'s (an unknown one is the whole command's mistake), else
 * the file's, else the default. A file naming an unknown board is checked against the default
 * meanwhile, so its other problems still show in the same pass.
 */
function missionBoard(parsed: ParsedMission, boardId: string | undefined): { board: BoardConfig; problem?: Problem } {
  if (boardId !== undefined) {
    try {
      return { board: loadBoard(boardId) };
    } catch (error) {
      if (error instanceof BoardError) throw new UserError(error.message);
      throw error;
    }
  }
  const named = (parsed.data as { board?: unknown }).board;
  if (typeof named !== "string") return { board: loadBoard(DEFAULT_BOARD) };
  try {
    return { board: loadBoard(named) };
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    const at = parsed.doc.getIn(["board"], true) as Node | undefined;
    return {
      board: loadBoard(DEFAULT_BOARD),
      problem: problemAtNode(parsed.lines, at, error.message, `the rest is checked against ${DEFAULT_BOARD} meanwhile`),
    };
  }
}
