import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { UserError } from "../../errors";
import { loadRunLog } from "../../run-report";
import { logCsv, type CsvTable } from "../../run-report/csv";
import { sameFile } from "../../same-file";

interface ExportOptions {
  readonly csv?: boolean;
  readonly events?: boolean;
  readonly markers?: boolean;
  readonly out?: string;
}

function exportLog(logPath: string, options: ExportOptions, print: (line: string) => void): void {
  const what: CsvTable = options.markers ? "markers" : options.events ? "events" : "telemetry";
  if (options.out !== undefined && sameFile(logPath, options.out))
    throw new UserError(`-o ${options.out} is the run log itself: give the CSV another file`);
  const log = loadRunLog(logPath);
  const { text, rows } = logCsv(log, what);
  const which = log.runs > 1 ? `the last of ${log.runs} runs: ` : "";
  if (options.out === undefined) {
    // Only the CSV goes to stdout, so it pipes whole into a file or another program.
    if (which) console.error(`farside: ${logPath} holds ${log.runs} runs: exported the last`);
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(options.out, text);
  } catch (error) {
    throw new UserError(`cannot write ${options.out}: ${(error as Error).message.split("\n")[0]}`);
  }
  print(
    `csv: ${options.out} (${which}${rows} ${what === "telemetry" ? "telemetry" : what.slice(0, -1)} row${rows === 1 ? "" : "s"})`,
  );
}

export function register(program: Command): void {
  program
    .command("export")
    .description("write a run's telemetry (or its events or markers) from its log as CSV")
    .argument("<log>", "run log (JSON Lines, as farside run and replay write it)")
    .option("--csv", "as CSV: the only format, so also the default")
    .addOption(
      new Option("--events", "the lander's events (mode, phase, step, fault, reset, marker, armed), not telemetry"),
    )
    .addOption(new Option("--markers", "the mission's markers only").conflicts("events"))
    .option("-o, --out <file>", "write it to FILE (default: stdout)")
    .action((log: string, options: ExportOptions) => exportLog(log, options, (line) => console.log(line)));
}
