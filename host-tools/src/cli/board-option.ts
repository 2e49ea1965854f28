import type { BoardConfig } from "../../../firmware/board/config";
import { BoardError, loadBoard } from "../boards/load";
import { UserError } from "../errors";

/** The board a `--board` option names: a missing or broken board file is the user's to fix, so one line, exit 2. */
export function loadNamedBoard(id: string): BoardConfig {
  try {
    return loadBoard(id);
  } catch (error) {
    if (error instanceof BoardError) throw new UserError(error.message);
    throw error;
  }
}
