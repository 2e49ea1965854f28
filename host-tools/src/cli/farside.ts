import { Command, CommanderError } from "commander";
import { BoardError, listBoardIds, loadBoard } from "../boards/load";
import { LanderClient } from "../link/lander-client";
import { listSerialPorts } from "../link/port-list";
import { describePorts, formatPort } from "../link/usb-bridges";
import { openSerialPort } from "../link/serial-port";
import { MODE_NAMES } from "../../../firmware/lander/status";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { FAULT_NAMES } from "../../../firmware/safety/faults";
import { RESET_REASON_NAMES } from "../../../firmware/protocol/codec";
import { loadMission } from "../mission/load";
import { describeMission } from "../mission/summary";
import { writeReport } from "../run-report";
import { SimulatedBoard } from "../sim/realtime-board";
import { buildFirmware } from "./build-command";
import { flashCommand } from "./flash-command";
import { runDemo } from "./demo";
import { diagnose, formatFinding, needsFixing, realEnv } from "./doctor";
import { dashboardCommand } from "./dashboard-command";
import { monitorCommand, uploadCommand } from "./link-commands";
import { UserError } from "./errors";
import { replayCommand, runCommand, uiPort, type ReplayCommandOptions, type RunCommandOptions } from "./run-entry";
import { runSim } from "./sim-command";
import { parseFault, parseOdds, parseSeed, parseSpeed, parseVolts } from "./sim-options";
import type { ScheduledFault } from "../sim/fault-schedule";

const DEFAULT_BOARD = "esp32-devkitc";

function board(id: string) {
  try {
    return loadBoard(id);
  } catch (error) {
    if (error instanceof BoardError) throw new UserError(error.message);
    throw error;
  }
}

function baudRate(text: string): number {
  const rate = Number(text);
  if (!Number.isInteger(rate) || rate <= 0) throw new UserError(`--baud must be a positive integer, not ${text}`);
  return rate;
}

const program = new Command()
  .name("farside")
  .description("Firmware and host tools for a model Chang'e-6 sample-return lander")
  .exitOverride();

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
    for (const port of describePorts(ports)) console.log(formatPort(port));
  });

program
  .command("validate")
  .description("check a mission file against its schema and a board's limits; prints every problem as FILE:LINE:COL")
  .argument("<file>", "mission file (YAML or JSON)")
  .option("-b, --board <id>", "board to check against (default: the file's board, else esp32-devkitc)")
  .action((file: string, options: { board?: string }) => {
    const checked = loadMission(file, options.board);
    console.log(describeMission(checked));
  });

program
  .command("sim")
  .description("run the lander firmware in XS on a simulated model, behind a serial port (a pty) any tool can open")
  .option("-b, --board <id>", "board file to simulate", DEFAULT_BOARD)
  .option("--link <path>", "also make the lander's port available at this stable path (a symlink)")
  .option("--speed <n|max>", "virtual time per real time: 1 for demos, max for tests", "1")
  .option("--seed <n>", "seeds the regolith layers, sample masses and link faults", "1")
  .option("--battery <volts>", "battery open-circuit voltage (7.6 is a charged 2S LiPo)")
  .option("--drop <p>", "odds of each link byte being lost", "0")
  .option("--corrupt <p>", "odds of each link byte having a bit flipped", "0")
  .option(
    "--fault <kind@s>",
    "inject a fault at a simulation time: jam:<servo>, stall, brownout, reset, disconnect, reconnect (repeatable)",
    (value: string, previous: ScheduledFault[]) => [...previous, parseFault(value)],
    [] as ScheduledFault[],
  )
  .option("-q, --quiet", "print only the port, not the lander's events")
  .action(
    async (options: {
      board: string;
      link?: string;
      speed: string;
      seed: string;
      battery?: string;
      drop: string;
      corrupt: string;
      fault: ScheduledFault[];
      quiet?: boolean;
    }) => {
      await runSim(
        board(options.board),
        {
          link: options.link,
          speed: parseSpeed(options.speed),
          seed: parseSeed(options.seed),
          batteryVolts: options.battery === undefined ? undefined : parseVolts(options.battery),
          drop: parseOdds("--drop", options.drop),
          corrupt: parseOdds("--corrupt", options.corrupt),
          faults: options.fault,
          quiet: options.quiet === true,
        },
        (line) => console.log(line),
      );
    },
  );

/** run and replay show a mission's progress the same way (cli/mission-progress.ts). */
const PROGRESS_OPTION = [
  "--progress <how>",
  "bar (phase, step, elapsed and remaining time) or lines; a bar on a terminal",
] as const;

program
  .command("run")
  .description("run a mission to the end, logging it; the lander finishes it even if this host goes away")
  .option("-p, --port <path>", "serial port of the lander")
  .option("--sim", "start the simulated lander and run on it")
  .option("-m, --mission <file>", "upload this mission file first (checked like farside validate)")
  .option("-b, --board <id>", "board to check the mission against (default: the file's)")
  .option("--continue", "continue an interrupted mission from the lander's checkpoint")
  .option("--log <file>", "where to write the run log (default: runs/<time>-<mission>.jsonl)")
  .option("--report [file]", "write the HTML report when the run ends (default: next to the log)")
  .option(...PROGRESS_OPTION)
  .option("--ui [port]", "also serve the dashboard on 127.0.0.1 while the mission runs")
  .option("--speed <n|max>", "with --sim: virtual time per real time", "max")
  .option("--seed <n>", "with --sim: the simulator's seed", "1")
  .option("--baud <rate>", "link baud rate", "115200")
  .action(async (options: RunCommandOptions) => {
    const outcome = await runCommand(options);
    if (!outcome) process.exitCode = 1;
  });

program
  .command("replay")
  .description(
    "send a mission's steps at their scripted times, the host keeping time (optionally through a relay delay)",
  )
  .argument("<file>", "mission file (YAML or JSON)")
  .option("-p, --port <path>", "serial port of the lander")
  .option("--sim", "start the simulated lander (in real time) and replay on it")
  .option("-b, --board <id>", "board to check the mission against (default: the file's)")
  .option("--relay-delay <duration>", "delay every command, as a relay satellite would (Queqiao-2), e.g. 1.3s", "0s")
  .option("--ui [port]", "also serve the dashboard on 127.0.0.1 during the replay")
  .option("--log <file>", "where to write the run log (default: runs/<time>-<mission>-replay.jsonl)")
  .option("--report [file]", "write the HTML report when the replay ends")
  .option(...PROGRESS_OPTION)
  .option("--seed <n>", "with --sim: the simulator's seed", "1")
  .option("--baud <rate>", "link baud rate", "115200")
  .action(async (file: string, options: ReplayCommandOptions) => {
    if (!(await replayCommand(file, options))) process.exitCode = 1;
  });

program
  .command("upload")
  .description("check a mission for the lander's board and store it on the lander (farside run starts it)")
  .argument("<file>", "mission file (YAML or JSON)")
  .option("-p, --port <path>", "serial port of the lander")
  .option("-b, --board <id>", "board to check the mission against (default: the file's)")
  .option("--baud <rate>", "link baud rate", "115200")
  .option("--sim", "refused: a simulator's flash ends with the command; use farside run --sim --mission FILE")
  .action(async (file: string, options: { port?: string; board?: string; baud: string; sim?: boolean }) => {
    if (options.sim)
      throw new UserError(
        "upload --sim would store the mission in a simulator that ends with it: farside run --sim --mission FILE does both",
      );
    if (!options.port) throw new UserError("give --port PATH: the lander to store the mission on");
    await uploadCommand(options.port, baudRate(options.baud), loadMission(file, options.board), (line) =>
      console.log(line),
    );
  });

program
  .command("dashboard")
  .description("watch and drive the lander in a browser: a local page on 127.0.0.1")
  .option("-p, --port <path>", "serial port of the lander")
  .option("--sim", "start the simulated lander (in real time) and show it")
  .option("-b, --board <id>", "board file (default: the one the lander reports)")
  .option("--listen <port>", "local port for the page (default: any free one)", "0")
  .option("--host <address>", "address to listen on; anything but 127.0.0.1 lets other machines in", "127.0.0.1")
  .option("--baud <rate>", "link baud rate", "115200")
  .action(
    async (options: { port?: string; sim?: boolean; board?: string; listen: string; host: string; baud: string }) => {
      if (!["127.0.0.1", "localhost", "::1"].includes(options.host)) {
        console.error(
          `farside: warning: the dashboard listens on ${options.host}: anyone who can reach it and has its URL (with the token) can move the arm`,
        );
      }
      if (!options.port === !options.sim) throw new UserError("give --port PATH or --sim (one of them)");
      const listen = options.listen === "0" ? 0 : uiPort(options.listen, "--listen");
      await dashboardCommand(
        {
          port: options.port,
          sim: options.sim === true,
          boardId: options.board,
          listen: listen ?? 0,
          host: options.host,
          baudRate: baudRate(options.baud),
        },
        (line) => console.log(line),
      );
    },
  );

program
  .command("monitor")
  .description("watch a lander's status live until Ctrl-C (it never stops the lander)")
  .option("-p, --port <path>", "serial port of the lander")
  .option("--sim", "start the simulated lander (in real time) and watch it; its port is printed for other commands")
  .option("--baud <rate>", "link baud rate", "115200")
  .action(async (options: { port?: string; sim?: boolean; baud: string }) => {
    if (!options.port === !options.sim) throw new UserError("give --port PATH or --sim (one of them)");
    const sim = options.sim ? await SimulatedBoard.start(board(DEFAULT_BOARD)) : undefined;
    try {
      if (sim)
        console.log(
          `farside sim on ${sim.hostPath}: drive it from another terminal (farside run --port ${sim.hostPath})`,
        );
      await monitorCommand(sim ? sim.hostPath : (options.port ?? ""), baudRate(options.baud), (line) =>
        console.log(line),
      );
    } finally {
      await sim?.stop();
    }
  });

program
  .command("report")
  .description("write a self-contained HTML report of a run from its log")
  .argument("<log>", "run log (JSON Lines, as farside run writes it)")
  .option("-o, --out <file>", "where to write it (default: the log's name with .html)")
  .action((log: string, options: { out?: string }) => {
    const { summary, outPath } = writeReport(log, options.out ?? `${log.replace(/\.jsonl$/, "")}.html`);
    console.log(`report: ${outPath} (${summary})`);
  });

program
  .command("flash")
  .description(
    "write a Moddable build to the board through its ROM bootloader (esptool-js), verify it, and check the firmware answers",
  )
  .requiredOption("-p, --port <path>", "serial port of the board (farside ports lists them)")
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
      board: board(options.board),
      build: options.build,
      baudRate: baudRate(options.baud),
      print: (line) => console.log(line),
    });
    if (!ok) process.exitCode = 1;
  });

program
  .command("build")
  .description("build the firmware with the Moddable SDK (mcconfig) for a board's target")
  .option("-b, --board <id>", "board to build for", DEFAULT_BOARD)
  .option("--debug", "a debug build (xsbug then owns UART0, the lander's link)")
  .action((options: { board: string; debug?: boolean }) => {
    buildFirmware(board(options.board), options.debug === true, process.env, (line) => console.log(line));
  });

program
  .command("doctor")
  .description(
    "check this machine for what farside needs (Node, serial permissions, Moddable, ESP-IDF, ports, a lander)",
  )
  .option("-p, --port <path>", "probe the lander on this port (default: the port farside would pick)")
  .action(async (options: { port?: string }) => {
    const findings = await diagnose(realEnv(), options.port);
    for (const finding of findings) console.log(formatFinding(finding));
    if (needsFixing(findings)) process.exitCode = 1;
  });

program
  .command("status")
  .description("connect to a lander (a board or a simulated one) and print its status")
  .requiredOption("-p, --port <path>", "serial port of the lander")
  .option("--baud <rate>", "link baud rate", "115200")
  .action(async (options: { port: string; baud: string }) => {
    const client = new LanderClient(await openSerialPort(options.port, { baudRate: baudRate(options.baud) }));
    try {
      const info = await client.connect();
      const s = await client.status();
      const joints = s.joints.map((angle) => angle.toFixed(1)).join("/");
      console.log(
        `${info.boardId} firmware ${info.firmwareVersion} protocol ${info.protocol}: ${MODE_NAMES[s.mode] ?? s.mode}, phase ${PHASE_NAMES[s.phase] ?? s.phase}, fault ${FAULT_NAMES[s.fault] ?? s.fault}, ${s.armed ? "ARMED" : "disarmed"}, joints ${joints}°, drill ${s.depthMm.toFixed(1)} mm`,
      );
      const reset = RESET_REASON_NAMES[info.resetReason] ?? `reset ${info.resetReason}`;
      const checkpoint =
        info.checkpoint === undefined
          ? "no interrupted mission"
          : `interrupted mission checkpoint after step ${info.checkpoint}`;
      console.log(`last reset: ${reset}; ${checkpoint}; battery ${s.batteryVolts.toFixed(2)} V`);
    } finally {
      await client.close();
    }
  });

oneLineUsageErrors(program, "farside");
for (const command of program.commands) oneLineUsageErrors(command, `farside ${command.name()}`);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; --help and --version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    console.error(error.bare ? error.message : `farside: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`farside: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.FARSIDE_DEBUG) console.error(error);
    process.exitCode = 1;
  }
}
