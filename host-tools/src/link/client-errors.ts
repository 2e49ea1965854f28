// The lander's refusals as the client raises them: mistakes or states a user can act on.
import type { Result } from "../../../firmware/protocol/codec";
import { UserError } from "../errors";
import { resultLabel } from "../labels";

/** A request the lander answered with something other than Ok. */
export class RefusedError extends UserError {
  constructor(
    readonly command: string,
    readonly result: Result,
    /** Why, where the client knows more than the result's name. */
    why?: string,
  ) {
    super(`lander refused ${command}: ${why ?? resultLabel(result)}`);
  }
}

/** A whole, intact mission the lander would not take; `reason` is the lander's own (its STRING_DATA). */
export class MissionRefusedError extends UserError {
  constructor(
    readonly reason: string,
    readonly result: Result,
  ) {
    super(`the lander refused the mission: ${reason}`);
  }
}
