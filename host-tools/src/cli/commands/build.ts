import type { Command } from "commander";
import { DEFAULT_BOARD } from "../../mission/load";
import { loadNamedBoard } from "../board-option";
import { buildFirmware } from "../build-command";

export function register(program: Command): void {
  program
    .command("build")
    .description("build the firmware with the Moddable SDK (mcconfig) for a board's target")
    .option("-b, --board <id>", "board to build for", DEFAULT_BOARD)
    .option("--debug", "a debug build (xsbug then owns UART0, the lander's link)")
    .action((options: { board: string; debug?: boolean }) => {
      buildFirmware(loadNamedBoard(options.board), options.debug === true, process.env, (line) => console.log(line));
    });
}
