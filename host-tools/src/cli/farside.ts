import { Command, CommanderError } from "commander";
import { version as FARSIDE_VERSION } from "../../../package.json";
import { register as boards } from "./commands/boards";
import { register as build } from "./commands/build";
import { register as checkBoard } from "./commands/check-board";
import { register as consoleCommand } from "./commands/console";
import { register as dashboard } from "./commands/dashboard";
import { register as demo } from "./commands/demo";
import { register as doctor } from "./commands/doctor";
import { register as exportLog } from "./commands/export";
import { register as flash } from "./commands/flash";
import { register as monitor } from "./commands/monitor";
import { register as newFile } from "./commands/new";
import { register as ports } from "./commands/ports";
import { register as replay } from "./commands/replay";
import { register as report } from "./commands/report";
import { register as run } from "./commands/run";
import { register as sim } from "./commands/sim";
import { register as status } from "./commands/status";
import { register as upload } from "./commands/upload";
import { register as validate } from "./commands/validate";
import { UserError } from "../errors";

/** A refusal the user can fix, and a usage error: what scripts test for, apart from a crash (1). */
const USER_ERROR_EXIT = 2;

/** In the order `farside --help` lists them. */
const COMMANDS: readonly ((program: Command) => void)[] = [
  demo,
  boards,
  checkBoard,
  ports,
  validate,
  newFile,
  sim,
  run,
  replay,
  upload,
  dashboard,
  monitor,
  consoleCommand,
  report,
  exportLog,
  flash,
  build,
  doctor,
  status,
];

/**
 * Commander's usage errors as one line, like every other refusal, pointing at the help that
 * explains the command instead of printing all of it.
 */
function oneLineUsageErrors(command: Command, helpCommand: string): void {
  command.configureOutput({
    outputError: (text, write) =>
      write(
        `farside: ${text
          .replace(/^error: /, "")
          .trim()
          .replace(/\s*\n\s*/g, " ")} (${helpCommand} --help)\n`,
      ),
  });
}

const program = new Command()
  .name("farside")
  .description("Firmware and host tools for a model Chang'e-6 sample-return lander")
  .version(FARSIDE_VERSION, "-V, --version", "print farside's version (package.json's) and exit")
  .exitOverride();
for (const register of COMMANDS) register(program);

oneLineUsageErrors(program, "farside");
for (const command of program.commands) oneLineUsageErrors(command, `farside ${command.name()}`);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; --help and --version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : USER_ERROR_EXIT;
  } else if (error instanceof UserError) {
    console.error(error.bare ? error.message : `farside: ${error.message}`);
    process.exitCode = USER_ERROR_EXIT;
  } else {
    console.error(`farside: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.FARSIDE_DEBUG) console.error(error);
    process.exitCode = 1;
  }
}
