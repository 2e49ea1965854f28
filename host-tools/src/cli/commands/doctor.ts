import type { Command } from "commander";
import { diagnose, formatFinding, needsFixing, realEnv } from "../doctor";

export function register(program: Command): void {
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
}
