import type { KeyValueStore } from "../platform/host";

const DOMAIN = "farside";
const PROGRESS = "progress";
const ARM_A = "arm-a";
const ARM_B = "arm-b";
const MISSION = "ckpt-mission";

// Moddable's Preference on the ESP32 keeps numbers as 32-bit integers in NVS: the checkpoint is
// packed into a few of them, which also means saving one allocates nothing.
const STEP_BITS = 14;
const PHASE_BITS = 4;
const ANGLE_BITS = 11;
const ANGLE_MASK = (1 << ANGLE_BITS) - 1;
const DEPTH_MASK = (1 << 13) - 1;

function tenths(value: number, mask: number): number {
  const scaled = Math.round(value * 10);
  return scaled < 0 ? 0 : scaled > mask ? mask : scaled;
}

/**
 * Mission progress that survives a reset (Moddable Preference on the ESP32, the virtual board's
 * flash in the simulator): how many steps are done, the phase, and where the drill and arm were
 * commanded when the last step finished. Saved at every step, cleared when a mission completes
 * or is aborted, so a checkpoint found at boot means a mission was interrupted.
 */
export class Checkpoint {
  stepsDone = 0;
  phase = 0;
  depthMm = 0;
  readonly joints: number[] = [0, 0, 0, 0];
  /** Which mission the progress is of: its CRC-32 as a signed 32-bit integer, 0 for the built-in one. */
  missionCrc = 0;
  /** Whether the fields above hold a saved mission. */
  held = false;
  /**
   * Saves or clears that flash refused since boot. Moddable's Preference throws on an NVS error
   * ("nvs set fail", "nvs erase fail"), and on the ESP32 an exception escaping a tick restarts
   * the chip: the checkpoint is worth less than the mission, so a failure is counted, not thrown.
   */
  failures = 0;

  constructor(private readonly store: KeyValueStore) {}

  /** Reads what the last run left; false when no mission was in progress. */
  load(): boolean {
    const progress = this.store.get(DOMAIN, PROGRESS);
    const armA = this.store.get(DOMAIN, ARM_A);
    const armB = this.store.get(DOMAIN, ARM_B);
    const mission = this.store.get(DOMAIN, MISSION);
    // Progress that does not say which mission it is of (or is half there) is no checkpoint.
    if (
      typeof progress !== "number" ||
      typeof armA !== "number" ||
      typeof armB !== "number" ||
      typeof mission !== "number"
    ) {
      this.held = false;
      return false;
    }
    this.missionCrc = mission;
    const packed = progress;
    this.stepsDone = packed & ((1 << STEP_BITS) - 1);
    this.phase = (packed >> STEP_BITS) & ((1 << PHASE_BITS) - 1);
    this.depthMm = ((packed >> (STEP_BITS + PHASE_BITS)) & DEPTH_MASK) / 10;
    this.joints[0] = (armA & ANGLE_MASK) / 10;
    this.joints[1] = ((armA >> ANGLE_BITS) & ANGLE_MASK) / 10;
    this.joints[2] = (armB & ANGLE_MASK) / 10;
    this.joints[3] = ((armB >> ANGLE_BITS) & ANGLE_MASK) / 10;
    this.held = true;
    return true;
  }

  save(stepsDone: number, phase: number, depthMm: number, joints: readonly number[], missionCrc: number): void {
    const mission = missionCrc | 0;
    // Written when it changes only: a flash write costs the control tick it happens in.
    const newMission = !this.held || mission !== this.missionCrc;
    this.missionCrc = mission;
    this.stepsDone = stepsDone;
    this.phase = phase;
    this.depthMm = depthMm;
    for (let i = 0; i < 4; i++) this.joints[i] = joints[i];
    this.held = true;
    // At most 31 bits, so it stays a positive 32-bit integer.
    const progress =
      (stepsDone & ((1 << STEP_BITS) - 1)) +
      (phase & ((1 << PHASE_BITS) - 1)) * (1 << STEP_BITS) +
      tenths(depthMm, DEPTH_MASK) * (1 << (STEP_BITS + PHASE_BITS));
    try {
      if (newMission) this.store.set(DOMAIN, MISSION, mission);
      this.store.set(DOMAIN, ARM_A, tenths(joints[0], ANGLE_MASK) + tenths(joints[1], ANGLE_MASK) * (1 << ANGLE_BITS));
      this.store.set(DOMAIN, ARM_B, tenths(joints[2], ANGLE_MASK) + tenths(joints[3], ANGLE_MASK) * (1 << ANGLE_BITS));
      // Progress last: a reset between the writes leaves the previous step's progress, never a
      // new step count with old positions.
      this.store.set(DOMAIN, PROGRESS, progress);
    } catch {
      this.failures++;
    }
  }

  clear(): void {
    this.held = false;
    try {
      this.store.delete(DOMAIN, PROGRESS);
    } catch {
      this.failures++;
    }
  }
}
