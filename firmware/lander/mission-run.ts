import type { BoardConfig } from "../board/config";
import type { KeyValueStore } from "../platform/host";
import { defaultSequence } from "../sequence/default-sequence";
import { Phase } from "../sequence/phases";
import { SequenceResult, Sequencer } from "../sequence/sequencer";
import type { Step } from "../sequence/steps";
import type { LanderBody } from "./body";
import { Checkpoint } from "./checkpoint";
import { continueFrom, FaultRecovery } from "./fault-recovery";
import { MissionStore } from "./mission-store";
import { Refusal } from "./refusal";
import type { LanderEvents, LanderStatus } from "./status";

/**
 * What the lander runs and what it keeps of a run: the mission (or the built-in sequence), the
 * sequencer stepping through it, the checkpoint saved after every step, and the retry or skip a
 * failed step's phase asks for. When a run may start, and what stops it, is the Lander's business.
 */
export class MissionRun {
  readonly sequencer: Sequencer;
  /** Mission progress kept where it survives a reset. */
  readonly checkpoint: Checkpoint;
  readonly missions: MissionStore;
  readonly recovery = new FaultRecovery();
  private current: readonly Step[] = [];
  /**
   * The built-in Chang'e-6 sequence, built and validated once at boot: doing both when Start
   * arrived took a whole control period of the chip's time in one callback (under the
   * simulator's cost model).
   */
  private readonly defaultSteps: readonly Step[];
  /** Whether the run under way keeps a checkpoint: a host's single step (replay) does not. */
  private checkpointing = true;

  constructor(
    store: KeyValueStore,
    board: BoardConfig,
    boardHash: number,
    private readonly body: LanderBody,
    /** Where the checkpoint takes the joints' commanded angles from: the lander's status. */
    private readonly reporter: { readonly status: LanderStatus },
    private readonly events: LanderEvents,
  ) {
    this.defaultSteps = defaultSequence(board);
    this.checkpoint = new Checkpoint(store);
    this.sequencer = new Sequencer(body, {
      phaseEntered: (phase, nowMs) => events.phaseEntered(phase, nowMs),
      stepDone: (index, nowMs) => this.stepDone(index, nowMs),
      marker: (id, nowMs) => events.marker(id, nowMs),
    });
    // Remembered by the sequencer when it passes, so Start does not check it again.
    this.sequencer.validate(this.defaultSteps);
    this.missions = new MissionStore(store, boardHash, (steps) => this.sequencer.validate(steps));
    this.missions.restore();
  }

  /** The steps of the run under way, or of the last one. */
  get steps(): readonly Step[] {
    return this.current;
  }

  /** What Start runs: the uploaded mission, or the built-in sequence without one. */
  missionSteps(): readonly Step[] {
    return this.missions.steps ?? this.defaultSteps;
  }

  /**
   * Starts `steps` at `fromStep`; false, with nothing changed, when the sequencer refuses them. A
   * sequence that is not the mission (a host's single step) keeps no checkpoint, so it never
   * overwrites the mission's.
   */
  begin(steps: readonly Step[], fromStep: number, checkpointing: boolean, nowMs: number): boolean {
    if (!this.sequencer.begin(steps, nowMs, fromStep)) return false;
    this.current = steps;
    this.checkpointing = checkpointing;
    this.recovery.cancel();
    if (checkpointing) this.saveCheckpoint(fromStep);
    return true;
  }

  /**
   * Where the mission the checkpoint is of goes on (fault-recovery.ts), or -1: without a
   * checkpoint, after another upload (it means nothing then), or past the mission's end.
   */
  continuePoint(): number {
    if (!this.checkpoint.held || this.checkpoint.missionCrc !== this.missions.crc) return -1;
    const steps = this.missionSteps();
    const done = this.checkpoint.stepsDone;
    return done >= steps.length ? -1 : continueFrom(steps, done);
  }

  /** Takes an uploaded mission in place of the one it runs (mission-store.ts). */
  load(bytes: Uint8Array, length: number): Refusal {
    const refusal = this.missions.take(bytes, length);
    if (refusal !== Refusal.None) return refusal;
    this.current = [];
    // The same mission again keeps its checkpoint, so a host can upload and then continue it.
    if (this.checkpoint.missionCrc !== this.missions.crc) this.checkpoint.clear();
    return Refusal.None;
  }

  /** Advances the run; a finished one leaves no checkpoint behind. */
  tick(nowMs: number): SequenceResult {
    const result = this.sequencer.tick(nowMs);
    if (result === SequenceResult.Finished && this.checkpointing) this.checkpoint.clear();
    return result;
  }

  /** Where the failed step's phase policy says the run goes on once safe, or -1 (fault-recovery.ts). */
  recoveryPoint(): number {
    const phase = this.sequencer.phase;
    return this.recovery.plan(this.missions.policy(phase), this.current, this.sequencer.stepIndex, phase);
  }

  private stepDone(index: number, nowMs: number): void {
    if (this.checkpointing) this.saveCheckpoint(index + 1);
    this.events.stepDone(index, nowMs);
  }

  private saveCheckpoint(stepsDone: number): void {
    const steps = this.current;
    const phase = stepsDone < steps.length ? steps[stepsDone].phase : Phase.Complete;
    this.checkpoint.save(stepsDone, phase, this.body.drill.depthMm, this.reporter.status.joints, this.missions.crc);
  }
}
