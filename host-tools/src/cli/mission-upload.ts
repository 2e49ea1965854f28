import { MissionRefusedError, type LanderClient } from "../link/lander-client";
import type { CheckedMission } from "../mission/load";
import { UserError } from "../errors";

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
    // The lander's own line is short (a 128-byte UART FIFO): "board hash <mission's>, mine <lander's>".
    const hashes =
      error instanceof MissionRefusedError ? /^board hash ([0-9a-f]{8}), mine ([0-9a-f]{8})$/.exec(error.reason) : null;
    if (hashes) {
      const id = mission.board.id;
      throw new UserError(
        `the lander refused the mission: made for another board or geometry (board hash ${hashes[1]}; this lander is ${client.info?.boardId ?? id}, ${hashes[2]}): its firmware was built from another version of boards/${id}.json; rebuild and flash it (farside build --board ${id}, then farside flash), or check the mission against the file it was built with`,
      );
    }
    throw error;
  }
}
