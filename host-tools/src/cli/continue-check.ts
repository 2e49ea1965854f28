import { crc32 } from "../../../firmware/protocol/crc32";
import type { LanderInfo } from "../link/lander-client";
import type { CheckedMission } from "../mission/load";
import { UserError } from "../errors";

/**
 * Before `run --continue` touches the lander: there must be a checkpoint, and a mission file
 * given with it must be the very mission the checkpoint is of. Uploading another would erase
 * the checkpoint the user asked to continue, so that is refused before anything is sent.
 */
export function checkContinue(info: LanderInfo, mission: CheckedMission | undefined): void {
  if (info.checkpoint === undefined || info.checkpointCrc === undefined) {
    throw new UserError(
      "nothing to continue: the lander holds no interrupted mission (farside run without --continue starts one)",
    );
  }
  if (mission && crc32(mission.bytes) !== info.checkpointCrc >>> 0) {
    throw new UserError(
      `${mission.path} is not the mission the lander was interrupted in: farside run --continue without --mission continues that one, and without --continue ${mission.path} starts afresh`,
    );
  }
}
