import type { Command } from "commander";
import { BoardError, loadBoard } from "../../boards/load";
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
