import type { Command } from "commander";
import { writeRunReport } from "../flight-report";

export function register(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report of a run from its log")
    .argument("<log>", "run log (JSON Lines, as farside run writes it)")
    .option("-o, --out <file>", "where to write it (default: the log's name with .html)")
    .action((log: string, options: { out?: string }) => {
      writeRunReport(log, options.out, (line) => console.log(line));
    });
}
