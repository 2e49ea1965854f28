import { Command, CommanderError } from "commander";
import { BoardError, listBoardIds, loadBoard } from "../boards/load";
import { runDemo } from "./demo";
import { UserError } from "./errors";

const DEFAULT_BOARD = "esp32-devkitc";

function board(id: string) {
  try {
    return loadBoard(id);
  } catch (error) {
    if (error instanceof BoardError) throw new UserError(error.message);
    throw error;
  }
}

const program = new Command()
  .name("farside")
  .description("Firmware and host tools for a model Chang'e-6 sample-return lander")
  .showHelpAfterError()
  .exitOverride();

program
  .command("demo")
  .description("run the default sampling sequence on the simulated lander (firmware in XS, virtual time)")
  .option("-b, --board <id>", "board file to simulate", DEFAULT_BOARD)
  .action(async (options: { board: string }) => {
    const ok = await runDemo(board(options.board), (line) => console.log(line));
    if (!ok) process.exitCode = 1;
  });

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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; --help and --version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    console.error(`farside: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`farside: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.FARSIDE_DEBUG) console.error(error);
    process.exitCode = 1;
  }
}
