// Compiled missions for tests that need real ones on the link, of a chosen size.
import type { BoardConfig } from "../../firmware/board/config";
import { boardHash } from "../../firmware/board/hash";
import { loadBoard } from "../../host-tools/src/boards/load";
import { encodeMission, type Mission } from "../../firmware/mission/format";
import { defaultSequence } from "../../firmware/sequence/default-sequence";
import { Easing } from "../../firmware/servo/easing";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy, type Step } from "../../firmware/sequence/steps";

export const ABORT_EVERYWHERE: readonly FaultPolicy[] = new Array<FaultPolicy>(10).fill(FaultPolicy.Abort);

/** A compiled mission for a board (esp32-devkitc, the tests' usual one, unless given). */
export function compiled(
  steps: readonly Step[],
  name = "test",
  policies = ABORT_EVERYWHERE,
  board: BoardConfig = loadBoard("esp32-devkitc"),
): Uint8Array {
  const mission: Mission = { name, boardHash: boardHash(board), policies, steps };
  return encodeMission(mission);
}

/**
 * The default sequence padded to exactly `bytes`: twelve-byte joint steps that leave the scoop
 * where it is (so even 8 KiB stays under the lander's step limit), six-byte zero waits, and a
 * name of the right length for the rest.
 */
export function missionOfSize(board: BoardConfig, bytes: number): Uint8Array {
  const steps: Step[] = [...defaultSequence(board)];
  const stay: Step = {
    kind: "joint",
    phase: Phase.Liftoff,
    joint: "scoop",
    angle: board.poses.stow!.scoop,
    ms: 0,
    easing: Easing.Linear,
  };
  const wait: Step = { kind: "wait", phase: Phase.Liftoff, ms: 0 };
  while (bytes - compiled(steps, "", ABORT_EVERYWHERE, board).length >= 12 + 64) steps.push(stay);
  while (bytes - compiled(steps, "", ABORT_EVERYWHERE, board).length > 64) steps.push(wait);
  const rest = bytes - compiled(steps, "", ABORT_EVERYWHERE, board).length;
  if (rest < 0) throw new Error(`cannot make a mission of exactly ${bytes} bytes`);
  const mission = compiled(steps, "x".repeat(rest), ABORT_EVERYWHERE, board);
  if (mission.length !== bytes) throw new Error(`made ${mission.length} bytes, not ${bytes}`);
  return mission;
}

/** Drills 40 mm then scoops (a marker, then stow), with `policy` for a fault while drilling. */
export function drillThenScoop(policy: FaultPolicy, board: BoardConfig = loadBoard("esp32-devkitc")): Uint8Array {
  const policies = [...ABORT_EVERYWHERE];
  policies[Phase.Drilling] = policy;
  return compiled(
    [
      { kind: "spin", phase: Phase.Drilling, rpm: 300 },
      { kind: "feed", phase: Phase.Drilling, depthMm: 40, rateMmS: 2 },
      { kind: "retract", phase: Phase.Drilling },
      { kind: "spin", phase: Phase.Drilling, rpm: 0 },
      { kind: "marker", phase: Phase.Scooping, id: 1 },
      { kind: "pose", phase: Phase.Scooping, pose: "stow", ms: 0, easing: Easing.Trapezoid },
    ],
    "drill then scoop",
    policies,
    board,
  );
}
