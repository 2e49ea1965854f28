// The lander's refusals as the client raises them: mistakes or states a user can act on.
import { Refusal } from "../../../firmware/lander/refusal";
import { decodeMission } from "../../../firmware/mission/format";
import type { Result } from "../../../firmware/protocol/codec";
import { UserError } from "../errors";
import { refusalLabel, resultLabel } from "../labels";

/** A request the lander answered with something other than Ok. */
export class RefusedError extends UserError {
  constructor(
    readonly command: string,
    readonly result: Result,
    /** Why, where the client knows more than the result's name. */
    readonly why?: string,
  ) {
    super(`lander refused ${command}: ${why ?? resultLabel(result)}`);
  }
}

/**
 * A whole, intact mission the lander would not take, with the lander's code for why and the number
 * it names (UploadDone's refusal and detail); `reason` is that put into words.
 */
export class MissionRefusedError extends UserError {
  readonly reason: string;

  constructor(
    readonly result: Result,
    readonly refusal: Refusal,
    /** The lander's board hash for OtherBoard, the step for StepDoesNotFit; else 0. */
    readonly detail: number,
    mission: Uint8Array,
  ) {
    const reason = refusalReason(result, refusal, detail, mission);
    super(`the lander refused the mission: ${reason}`);
    this.reason = reason;
  }
}

/**
 * The link itself went away (a simulator killed, a USB cable pulled, a pty closed) while the client
 * waited: said as that, not as a lander that does not answer.
 */
export class LinkLostError extends UserError {
  constructor(
    readonly waitingFor: string,
    why?: Error,
  ) {
    super(
      `lost the link to the lander while waiting for ${waitingFor}${why ? ` (${why.message})` : ""}: the simulator or the USB cable went away`,
    );
  }
}

export const hex32 = (value: number): string => (value >>> 0).toString(16).padStart(8, "0");

function refusalReason(result: Result, refusal: Refusal, detail: number, mission: Uint8Array): string {
  switch (refusal) {
    case Refusal.None:
      return resultLabel(result);
    case Refusal.OtherBoard:
      return `made for another board (the lander's board hash is ${hex32(detail)})`;
    case Refusal.StepDoesNotFit:
      return `step ${detail} ${refusalLabel(refusal)}`;
    case Refusal.Undecodable: {
      // The lander and this host read missions with the same decoder: its reason is the lander's.
      const decoded = decodeMission(mission, mission.length);
      return typeof decoded === "string" ? `${refusalLabel(refusal)}: ${decoded}` : refusalLabel(refusal);
    }
    default:
      return refusalLabel(refusal);
  }
}
