/** Why the lander went to its safe state. Numbered for the wire; never renumber. */
export const enum Fault {
  None = 0,
  EStop = 1,
  DrillStall = 2,
  TickOverrun = 3,
  LostHost = 4,
  SelfTest = 5,
  StepRefused = 6,
  /** The servo rail drew a jammed servo's stall current. */
  ServoJam = 7,
  /** The lander reset in the middle of a mission; it came up safe and kept its checkpoint. */
  Interrupted = 8,
}

export const FAULT_NAMES: readonly string[] = Object.freeze([
  "none",
  "e-stop",
  "drill-stall",
  "tick-overrun",
  "lost-host",
  "self-test",
  "step-refused",
  "servo-jam",
  "interrupted",
]);
