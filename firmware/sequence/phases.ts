// The sampling sequence's phases in the order Chang'e-6 flew them on 2-4 June 2024: drill, core into
// the container, scoops, seal, transfer to the ascender, flag, liftoff.
// A sequence may skip phases but never go back: no scooping after the container is sealed,
// no liftoff before the flag.

export const enum Phase {
  Idle = 0,
  SelfTest = 1,
  Drilling = 2,
  CoreTransfer = 3,
  Scooping = 4,
  Sealing = 5,
  Transfer = 6,
  Flag = 7,
  Liftoff = 8,
  Complete = 9,
}

export const PHASE_NAMES: readonly string[] = Object.freeze([
  "idle",
  "self-test",
  "drilling",
  "core-transfer",
  "scooping",
  "sealing",
  "transfer",
  "flag",
  "liftoff",
  "complete",
]);

/** Whether a running sequence may move from one phase to another. */
export function canEnterPhase(from: Phase, to: Phase): boolean {
  if (to === Phase.Idle) return false;
  if (from === Phase.Complete) return false;
  return to >= from;
}
