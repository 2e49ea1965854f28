import { Phase } from "../sequence/phases";
import { TelemetryRecord } from "../protocol/telemetry";
import type { Sequencer } from "../sequence/sequencer";

export const enum Mode {
  Idle = 0,
  Running = 1,
  Paused = 2,
  Safing = 3,
  Safe = 4,
  Complete = 5,
}

export const MODE_NAMES: readonly string[] = Object.freeze(["idle", "running", "paused", "safing", "safe", "complete"]);

/**
 * The lander's state as the tick leaves it: what telemetry reports plus what only status
 * replies and the simulator read (servo rail current, tick counts). Filled in place when read
 * after a tick (Lander.status), so reading it allocates nothing. Its telemetry fields, and their
 * values at boot, come from the wire layout through TelemetryRecord.
 */
export class LanderStatus extends TelemetryRecord {
  /** The body writes the joint angles in place (JOINT_NAMES order). */
  declare readonly joints: number[];
  /** Servo rail current; 0 on a board without the sense input. */
  servoAmps = 0;
  ticks = 0;

  /**
   * The mode, its fault and where the sequence is; the sequence's phase only while it runs or is
   * paused. Shown at once when the mode changes (a status query answered right after a command
   * must see it) and again whenever the status is filled in.
   */
  showMode(mode: Mode, fault: number, sequence: Pick<Sequencer, "phase" | "stepIndex">): void {
    this.mode = mode;
    this.fault = fault;
    this.phase =
      mode === Mode.Running || mode === Mode.Paused
        ? sequence.phase
        : mode === Mode.Complete
          ? Phase.Complete
          : Phase.Idle;
    this.step = sequence.stepIndex;
  }
}

/** What the lander tells whoever listens (the link, the simulator's recorder). */
export interface LanderEvents {
  modeChanged(mode: Mode, nowMs: number): void;
  phaseEntered(phase: number, nowMs: number): void;
  stepDone(index: number, nowMs: number): void;
  fault(code: number, nowMs: number): void;
  /** A mission's marker step was reached. */
  marker(id: number, nowMs: number): void;
  /** The lander was armed, or disarmed (by a command, e-stop, a fault, a lost host or silence). */
  armedChanged(armed: boolean, nowMs: number): void;
}

/** Who else hears the lander besides its host: a trace on the chip, the simulator's recorder. */
export interface LanderObserver extends LanderEvents {
  /** A mission arrived over the link and the lander took it. */
  missionLoaded(name: string, length: number): void;
}
