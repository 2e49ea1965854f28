import type { Command } from "commander";
import { DEFAULT_BOARD } from "../../mission/load";
import { loadNamedBoard } from "../board-option";
import { flashCommand } from "../flash-command";
import { parseBaud } from "../flight";
import { pickPortWhenAbsent } from "../port-option";

// Not the flying commands' --port and --baud: this port is the chip's ROM bootloader, which
// takes a much faster link than the lander's firmware does.
export function register(program: Command): void {
  const command = program
    .command("flash")
    .description(
      "write a Moddable build to the board through its ROM bootloader (esptool-js), verify it, and check the firmware answers",
    )
    .option("-p, --port <path>", "serial port of the board (default: the one USB serial adapter plugged in)")
    .option("-b, --board <id>", "board the build is for", DEFAULT_BOARD)
    .option("--build <dir>", "Moddable build folder (default: where farside build leaves the release build)")
    .option(
      "--baud <rate>",
      "flashing baud rate (lower it to 460800 or 115200 if a CH340 or macOS driver fails)",
      "921600",
    )
    .action(async (options: { port: string; board: string; build?: string; baud: string }) => {
      const ok = await flashCommand({
        port: options.port,
        board: loadNamedBoard(options.board),
        build: options.build,
        baudRate: parseBaud(options.baud),
        print: (line) => console.log(line),
      });
      if (!ok) process.exitCode = 1;
    });
  pickPortWhenAbsent(command);
}
