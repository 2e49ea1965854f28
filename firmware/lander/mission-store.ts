import { decodeMission, type Mission } from "../mission/format";
import type { KeyValueStore } from "../platform/host";
import { crc32 } from "../protocol/crc32";
import type { Phase } from "../sequence/phases";
import { FaultPolicy, type Step } from "../sequence/steps";
import { MissionRefusal, Refusal } from "./refusal";

/** Where the uploaded mission is kept (Preference: an NVS blob on the ESP32). */
const DOMAIN = "farside";
const KEY = "mission";

/** The index of the first step this lander cannot do, or -1 when it can do them all (Sequencer.validate). */
export type StepCheck = (steps: readonly Step[]) => number;

/**
 * The uploaded mission: decoded and checked against this lander on arrival like any sequence,
 * kept in flash so it survives a reset, and read back at boot. Without one the lander runs its
 * built-in Chang'e-6 sequence.
 */
export class MissionStore {
  /** Why the last upload was refused. */
  readonly refusal = new MissionRefusal();
  private mission: Mission | undefined;
  /** Its CRC-32 as a signed integer (0: the built-in sequence): what a checkpoint is of. */
  private storedCrc = 0;

  constructor(
    private readonly store: KeyValueStore,
    /** The hash every mission must carry to run here (board/hash.ts). */
    private readonly boardHash: number,
    private readonly check: StepCheck,
  ) {}

  get crc(): number {
    return this.storedCrc;
  }

  get name(): string {
    return this.mission ? this.mission.name : "default";
  }

  /** The uploaded mission's steps; undefined runs the built-in sequence. */
  get steps(): readonly Step[] | undefined {
    return this.mission ? this.mission.steps : undefined;
  }

  /** What a failed step in `phase` leads to: the mission's choice; the built-in sequence aborts. */
  policy(phase: Phase): FaultPolicy {
    return this.mission ? this.mission.policies[phase] : FaultPolicy.Abort;
  }

  /** At boot: the mission flash kept, unless it no longer decodes or fits this lander. */
  restore(): void {
    const stored = this.store.get(DOMAIN, KEY);
    if (!(stored instanceof ArrayBuffer)) return;
    const bytes = new Uint8Array(stored);
    const mission = decodeMission(bytes, stored.byteLength);
    if (typeof mission === "string" || mission.boardHash !== this.boardHash) return;
    if (this.check(mission.steps) < 0) {
      this.mission = mission;
      this.storedCrc = crc32(bytes, 0, bytes.length) | 0;
    }
  }

  /** Takes an upload in place of the mission it holds; Refusal.None, or why not (see refusal). */
  take(bytes: Uint8Array, length: number): Refusal {
    const mission = decodeMission(bytes, length);
    if (typeof mission === "string") return this.refusal.undecodable(mission);
    if (mission.boardHash !== this.boardHash) return this.refusal.otherBoard(mission.boardHash, this.boardHash);
    const bad = this.check(mission.steps);
    if (bad >= 0) return this.refusal.stepDoesNotFit(bad);
    // Kept only once flash has it: Preference throws on an NVS error, and a mission that would
    // be gone after a reset is refused rather than half taken.
    try {
      this.store.set(DOMAIN, KEY, bytes.slice(0, length).buffer);
    } catch {
      return this.refusal.refuse(Refusal.FlashWriteFailed);
    }
    this.mission = mission;
    this.storedCrc = crc32(bytes, 0, length) | 0;
    return this.refusal.refuse(Refusal.None);
  }
}
