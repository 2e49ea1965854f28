import type { Command } from "commander";
import { loadMission } from "../../mission/load";
import { describeMission } from "../../mission/summary";

/** `farside validate`: the same check run, replay and upload make before they send a mission. */
export function register(program: Command): void {
  program
    .command("validate")
    .description(
      "check a mission file against its schema and a board's limits; prints every problem and warning as FILE:LINE:COL",
    )
    .argument("<file>", "mission file (YAML or JSON)")
    .option("-b, --board <id>", "board to check against (default: the file's board, else esp32-devkitc)")
    .action((file: string, options: { board?: string }) => {
      const checked = loadMission(file, options.board);
      // Warnings go where errors go, as a compiler's do; the verdict is still "ok" (exit 0).
      for (const warning of checked.warnings) console.error(warning);
      console.log(describeMission(checked));
    });
}
