import type { Command } from "commander";
import { BOARD_SCHEMA, BoardError, loadBoard } from "../../boards/load";
import { sameFile } from "../../same-file";
import { UserError } from "../../errors";

/** `farside check-board`: every problem in every file, so one run fixes them all. */
export function register(program: Command): void {
  program
    .command("check-board")
    .description("check board files against the schema and the chip's pins; prints every problem")
    .argument("<files...>", "board JSON files")
    .action((files: string[]) => {
      const problems: string[] = [];
      for (const file of files) {
        // `farside check-board boards/*.json` names the schema too: it is not a board.
        if (sameFile(file, BOARD_SCHEMA)) {
          console.log(`${file}: skipped (the schema board files are checked against)`);
          continue;
        }
        try {
          const config = loadBoard(file);
          console.log(`${file}: ok (${config.name}, ${config.moddable.platform})`);
        } catch (error) {
          if (!(error instanceof BoardError)) throw error;
          problems.push(error.message);
        }
      }
      if (problems.length > 0) throw new UserError(problems.join("\n"));
    });
}
