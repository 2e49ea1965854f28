import type { Command } from "commander";
import { BoardError, listBoardIds, loadBoard } from "../../boards/load";

/** `farside boards`: every board file is checked, so one broken file does not hide the others. */
export function register(program: Command): void {
  program
    .command("boards")
    .description("list the supported boards and check each board file")
    .action(() => {
      let bad = 0;
      for (const id of listBoardIds()) {
        try {
          const config = loadBoard(id);
          console.log(`${id.padEnd(22)} ${config.moddable.platform.padEnd(20)} ${config.name}`);
        } catch (error) {
          if (!(error instanceof BoardError)) throw error;
          bad++;
          console.error(error.message);
        }
      }
      if (bad > 0) process.exitCode = 2;
    });
}
