import type { ServoCalibration } from "../board/config";
import type { ResetReason } from "../protocol/codec";
import type { TelemetryFields } from "../protocol/telemetry";
import type { MissionRefusalReport, Refusal } from "./refusal";

/** A servo a host may jog, as the link reads it: its limits, and the angle it was last sent. */
export interface JogServo {
  readonly calibration: ServoCalibration;
  readonly angle: number;
}

/** The checkpoint a host is told of in HelloReply, and after a reset mid-mission. */
export interface CheckpointInfo {
  /** Whether a cut-short mission's progress is held. */
  readonly held: boolean;
  readonly stepsDone: number;
  /** CRC-32 of the mission it is of, as a signed integer (0: the built-in sequence). */
  readonly missionCrc: number;
}

/**
 * The lander as its host link sees it: the commands a host may give and the state the link
 * reports. The lander decides whether a command is obeyed; the link only carries it and says
 * what came of it. (What the lander tells the link goes the other way, through LanderEvents.)
 */
export interface LanderControl {
  /**
   * What telemetry reports, as the latest tick left it (filled in place when read, so reading
   * allocates nothing): the link reads it and never writes it.
   */
  readonly status: Readonly<TelemetryFields>;
  /** Whether the safety monitor watches a host's heartbeat now: a session ends when it stops. */
  readonly hostWatched: boolean;
  /** The control period: telemetry goes out no faster. */
  readonly periodMs: number;
  /** The board file the firmware was built for. */
  readonly boardId: string;
  /** Why the firmware last started: a chip reset, or a host's SYSTEM_RESET. */
  readonly resetReason: ResetReason;
  readonly checkpoint: CheckpointInfo;
  /** The uploaded mission's CRC-32 (0: the built-in sequence): a host checks it before continuing. */
  readonly missionCrc: number;
  /** The name of the mission Start runs. */
  readonly missionName: string;
  readonly isArmed: boolean;

  /** Calls `listener` after every control tick: the link reports from it. One listener, so no allocation. */
  afterEachTick(listener: (nowMs: number) => void): void;
  /** Any whole message from a host: an armed lander disarms after a long silence from all of them. */
  noteAnyHostMessage(): void;
  /** A lander message arrived from the watched host: it is not silent. */
  noteWatchedHostHeard(): void;
  /** The host asks to be watched (or no longer): while it is, its silence is a lost-host fault. */
  watchHost(on: boolean): void;
  /** A Firmata SYSTEM_RESET: as after a real reset, the lander disarms, aborts and says why it restarted. */
  systemReset(): void;

  /**
   * Allows motion commands. Refused while the e-stop switch is held or the lander is still getting
   * safe; clears a commanded e-stop, so arming is how a lander goes on after one.
   */
  armMotion(): boolean;
  /**
   * Forbids motion commands. A sequence under way stops and the lander makes itself safe; a
   * retry or skip waiting for the safe state is dropped; a hand move under way stops where it
   * is, with the drill stopped and raised. From then on only the safe-state procedure moves.
   */
  disarmMotion(): void;
  /**
   * Starts the mission, or the built-in sequence without one. Refused unless armed, while e-stop
   * is tripped, while moving, or for a sequence that does not validate.
   */
  start(): boolean;
  /** Holds a running sequence where it is; while the lander gets safe, drops a pending retry or skip. */
  pause(): boolean;
  /** Goes on with a paused sequence; refused unless armed. */
  resume(): boolean;
  /**
   * Continues an interrupted mission from its checkpoint, redoing the phase it was cut short in.
   * Refused without a checkpoint of this mission, or in a state where start() would be refused.
   */
  continueMission(): boolean;
  /**
   * Stops the sequence and brings the lander to its safe state, without a fault; forgets the
   * checkpoint and any retry or skip that was waiting for the safe state.
   */
  abort(): void;
  /** Latches like the e-stop switch: a fault, and the lander makes itself safe. */
  estop(): void;
  /**
   * Runs one compiled step now, as a sequence of its own: farside replay sends a mission this
   * way, timed by the host. Refused unless armed, while a step or mission is under way, or for a
   * step that does not fit this lander.
   */
  runStep(bytes: Uint8Array, length: number): boolean;
  /**
   * Takes a whole uploaded mission, kept in flash so it survives a reset. Refusal.None, or why
   * not (busy while a mission runs), which missionRefusal spells out for the host.
   */
  loadMission(bytes: Uint8Array, length: number): Refusal;
  readonly missionRefusal: MissionRefusalReport;

  /**
   * Moves one servo by hand: joints 0-3 in JOINT_NAMES order, 4 the lid, 5 the flag. Refused as
   * handControlRefusal says; a target outside the servo's limits is clamped, counted, and the
   * servo goes only that far.
   */
  jog(servo: number, angle: number): boolean;
  /** The servo `jog` numbers so, or undefined. */
  jogServo(servo: number): JogServo | undefined;
  /** Lights or darkens the ascender LED by hand; refused as jog is. */
  switchAscender(on: boolean): boolean;
  /**
   * Why outputs may not be driven by hand now; Refusal.None when they may: only when armed, while
   * no sequence owns them and e-stop is clear.
   */
  handControlRefusal(): Refusal;
  /** Raw level of the e-stop input, as a Firmata client reading the pin sees it. */
  estopLevel(): 0 | 1;
  /** Raw level of the start input. */
  startLevel(): 0 | 1;
}
