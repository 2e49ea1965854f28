// Compiled missions for tests that need real ones on the link, of a chosen size.
import type { BoardConfig } from "../../firmware/board/config";
import { encodeMission, type Mission } from "../../firmware/mission/format";
import { defaultSequence } from "../../firmware/sequence/default-sequence";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy, type Step } from "../../firmware/sequence/steps";

export const ABORT_EVERYWHERE: readonly FaultPolicy[] = new Array<FaultPolicy>(10).fill(FaultPolicy.Abort);

export function compiled(steps: readonly Step[], name = "test", policies = ABORT_EVERYWHERE): Uint8Array {
  const mission: Mission = { name, boardHash: 0, policies, steps };
  return encodeMission(mission);
}

/** The default sequence padded with zero waits (and a name of the right length) to exactly `bytes`. */
export function missionOfSize(board: BoardConfig, bytes: number): Uint8Array {
  const steps: Step[] = [...defaultSequence(board)];
  const base = compiled(steps, "").length;
  // A zero wait is six bytes; the name (up to 64 characters) takes up the rest.
  const waits = Math.max(0, Math.floor((bytes - base - 1) / 6));
  for (let i = 0; i < waits; i++) steps.push({ kind: "wait", phase: Phase.Liftoff, ms: 0 });
  const rest = bytes - compiled(steps, "").length;
  if (rest < 0 || rest > 64) throw new Error(`cannot make a mission of exactly ${bytes} bytes`);
  const mission = compiled(steps, "x".repeat(rest));
  if (mission.length !== bytes) throw new Error(`made ${mission.length} bytes, not ${bytes}`);
  return mission;
}
