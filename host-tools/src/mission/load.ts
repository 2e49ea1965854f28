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
import { parseMission } from "./parse";
import { formatProblem, problemAtNode, type Problem } from "./problem";

/** Mission files are text a person writes: anything this large is a mistake. */
export const MAX_MISSION_FILE_BYTES = 256 * 1024;
export const DEFAULT_BOARD = "esp32-devkitc";

export interface CheckedMission {
  readonly path: string;
  readonly board: BoardConfig;
  readonly compiled: CompiledMission;
  readonly bytes: Uint8Array;
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
  if (!parsed.data) fail(parsed.problems);
  const file = parsed.data as MissionFile;
  let board: BoardConfig;
  try {
    board = loadBoard(boardId ?? file.board ?? DEFAULT_BOARD);
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    if (boardId !== undefined) throw new UserError(error.message);
    fail([problemAtNode(parsed.lines, parsed.doc.getIn(["board"], true) as never, error.message)]);
    throw error;
  }
  const named = nameProblem(parsed.lines, parsed.doc.get("name", true) as Node | undefined, file.name);
  const { compiled, problems } = compileMission(parsed.doc, parsed.lines, file, board, boardHash(board));
  if (named || !compiled) return fail([...(named ? [named] : []), ...problems]);
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
  return { path, board, compiled, bytes: encoded };
}
