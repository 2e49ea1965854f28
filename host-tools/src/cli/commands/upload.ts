import type { Command } from "commander";
import { lazyCliProgress } from "../../lazy";
import { openClient, serialLink } from "../lander-link";
import { loadMission, type CheckedMission } from "../../mission/load";
import { UserError } from "../../errors";
import { addLinkOptions, MISSION_BOARD_OPTION, parseBaud, refuseOtherBoard } from "../flight";
import { uploadChecked } from "../mission-upload";
import { counted } from "../../labels";

/** Checks the mission is for this lander's board and stores it there, with a progress bar on a terminal. */
async function storeMission(
  port: string,
  baudRate: number,
  mission: CheckedMission,
  print: (line: string) => void,
): Promise<void> {
  // Held, not attached: a port another farside holds is refused with its name.
  const client = await openClient(serialLink(port), baudRate);
  try {
    const info = await client.connect({ watch: false });
    refuseOtherBoard(mission, info);
    const bar = process.stdout.isTTY
      ? new (lazyCliProgress().SingleBar)({ format: "uploading {bar} {value}/{total} bytes", hideCursor: true })
      : undefined;
    bar?.start(mission.bytes.length, 0);
    let result: Awaited<ReturnType<typeof uploadChecked>>;
    try {
      result = await uploadChecked(client, mission, (sent) => bar?.update(sent));
    } finally {
      bar?.stop();
    }
    print(
      `uploaded "${mission.compiled.mission.name}" to ${info.boardId}: ${mission.bytes.length} bytes in ${counted(result.chunks, "chunk")}${result.resent > 0 ? ` (${result.resent} resent)` : ""}, CRC-32 ${result.crc.toString(16).padStart(8, "0")}; farside run --port ${port} starts it`,
    );
  } finally {
    await client.close();
  }
}

export function register(program: Command): void {
  addLinkOptions(
    program
      .command("upload")
      .description("check a mission for the lander's board and store it on the lander (farside run starts it)")
      .argument("<file>", "mission file (YAML or JSON)"),
    {},
    (command) => command.option(...MISSION_BOARD_OPTION),
  )
    .option("--sim", "refused: a simulator's flash ends with the command; use farside run --sim --mission FILE")
    // Without --port the one adapter plugged in is picked before this runs (port-option.ts).
    .action(async (file: string, options: { port: string; board?: string; baud: string; sim?: boolean }) => {
      if (options.sim)
        throw new UserError(
          "upload --sim would store the mission in a simulator that ends with it: farside run --sim --mission FILE does both",
        );
      await storeMission(options.port, parseBaud(options.baud), loadMission(file, options.board), (line) =>
        console.log(line),
      );
    });
}
