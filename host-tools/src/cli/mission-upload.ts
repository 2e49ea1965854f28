import { Refusal } from "../../../firmware/lander/refusal";
import { hex32 } from "../link/client-errors";
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
    if (error instanceof MissionRefusedError && error.refusal === Refusal.OtherBoard) {
      const id = mission.board.id;
      const made = hex32(mission.compiled.mission.boardHash);
      throw new UserError(
        `the lander refused the mission: made for another board or geometry (board hash ${made}; this lander is ${client.info?.boardId ?? id}, ${hex32(error.detail)}): its firmware was built from another version of boards/${id}.json; rebuild and flash it (farside build --board ${id}, then farside flash), or check the mission against the file it was built with`,
      );
    }
    throw error;
  }
}
