import { Command, CommanderError } from "commander";
import { BoardError, listBoardIds, loadBoard } from "../boards/load";
import { LanderClient } from "../link/lander-client";
import { listSerialPorts } from "../link/port-list";
import { openSerialPort } from "../link/serial-port";
import { MODE_NAMES } from "../../../firmware/lander/status";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { FAULT_NAMES } from "../../../firmware/safety/faults";
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

program
  .command("ports")
  .description("list serial ports a board could be on")
  .action(async () => {
    const ports = await listSerialPorts();
    if (ports.length === 0) console.log("no serial ports found: plug the board in (a simulated lander prints its own)");
    for (const port of ports) console.log(`${port.path}${port.description ? `  ${port.description}` : ""}`);
  });

program
  .command("status")
  .description("connect to a lander (a board or a simulated one) and print its status")
  .requiredOption("-p, --port <path>", "serial port of the lander")
  .option("--baud <rate>", "link baud rate", "115200")
  .action(async (options: { port: string; baud: string }) => {
    const baudRate = Number(options.baud);
    if (!Number.isInteger(baudRate) || baudRate <= 0)
      throw new UserError(`--baud must be a positive integer, not ${options.baud}`);
    const client = new LanderClient(await openSerialPort(options.port, { baudRate }));
    try {
      const info = await client.connect();
      const s = await client.status();
      const joints = s.joints.map((angle) => angle.toFixed(1)).join("/");
      console.log(
        `${info.boardId} firmware ${info.firmwareVersion} protocol ${info.protocol}: ${MODE_NAMES[s.mode] ?? s.mode}, phase ${PHASE_NAMES[s.phase] ?? s.phase}, fault ${FAULT_NAMES[s.fault] ?? s.fault}, joints ${joints}°, drill ${s.depthMm.toFixed(1)} mm`,
      );
    } finally {
      await client.close();
    }
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
