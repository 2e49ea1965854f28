import { writeFileSync } from "node:fs";
import path from "node:path";
import { Argument, type Command } from "commander";
import { firstUnprintable } from "../../../../firmware/mission/format";
import { MISSION_LIMITS } from "../../../../firmware/mission/limits";
import { UserError } from "../../errors";
import { DEFAULT_BOARD, loadMission } from "../../mission/load";
import { MISSION_SCHEMA_PATH } from "../../mission/parse";
import { missionTemplate } from "../../mission/template";
import { loadNamedBoard } from "../board-option";

/** NAME.yaml, or NAME as it is when it already ends in .yaml or .yml. */
function missionPath(name: string): string {
  return /\.ya?ml$/i.test(name) ? name : `${name}.yaml`;
}

/** `farside new mission NAME`: a commented mission to start from, that validates and flies. */
export function register(program: Command): void {
  program
    .command("new")
    .description("write a commented mission file to start from (farside new mission NAME)")
    .addArgument(new Argument("<what>", "what to write").choices(["mission"]))
    .argument("<name>", "the file: NAME.yaml here, or a path (missions/local/dig)")
    .option("-b, --board <id>", `board the mission is for (default: ${DEFAULT_BOARD})`)
    .action((_what: string, name: string, options: { board?: string }) => {
      const file = missionPath(name);
      const title = path.basename(file).replace(/\.ya?ml$/i, "");
      if (title.length === 0 || title.length > MISSION_LIMITS.maxNameChars || firstUnprintable(title) >= 0)
        throw new UserError(
          `${file}: the mission is named after the file, which needs 1 to ${MISSION_LIMITS.maxNameChars} printable ASCII characters`,
        );
      const board = loadNamedBoard(options.board ?? DEFAULT_BOARD);
      const schema = path
        .relative(path.dirname(path.resolve(file)), MISSION_SCHEMA_PATH)
        .split(path.sep)
        .join("/");
      try {
        // "wx": never over a file that is there, even one made a moment ago.
        writeFileSync(file, missionTemplate(title, board, schema), { flag: "wx" });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST") throw new UserError(`${file} already exists: give another name, or move it away first`);
        if (code === "ENOENT") throw new UserError(`${file}: folder ${path.dirname(file)} does not exist`);
        if (code === "EACCES" || code === "EPERM")
          throw new UserError(`${file}: cannot write there (permission denied)`);
        throw error;
      }
      const checked = loadMission(file);
      console.log(`wrote ${file}: ${checked.compiled.mission.steps.length} steps for ${board.id}`);
      console.log(`next: farside validate ${file}, then farside run --sim --mission ${file}`);
    });
}
