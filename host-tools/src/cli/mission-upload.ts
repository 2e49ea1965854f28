import { MissionRefusedError, type LanderClient } from "../link/lander-client";
import type { CheckedMission } from "../mission/load";
import { UserError } from "./errors";

/**
 * Uploads a checked mission. The host checked it against the board file it has; a lander whose
 * firmware was built from another version of that file refuses it by its board hash, and the
 * user needs to know which of the two to change.
 */
export async function uploadChecked(
  client: LanderClient,
  mission: CheckedMission,
  onProgress?: (sent: number, total: number) => void,
): Promise<{ crc: number; chunks: number; resent: number }> {
  try {
    return await client.uploadMission(mission.bytes, onProgress);
  } catch (error) {
    if (error instanceof MissionRefusedError && error.reason.startsWith("made for another board or geometry")) {
      const id = mission.board.id;
      throw new UserError(
        `${error.message}: its firmware was built from another version of boards/${id}.json; rebuild and flash it (farside build --board ${id}, then farside flash), or check the mission against the file it was built with`,
      );
    }
    throw error;
  }
}
