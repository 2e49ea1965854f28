import type { Arm } from "../arm/arm";
import { boardHash } from "../board/hash";
import type { BoardConfig } from "../board/config";
import type { Drill } from "../drill/drill";
import { decodeStep } from "../mission/format";
import type { Host } from "../platform/host";
import { ResetReason } from "../protocol/codec";
import { ARM_IDLE_MS, Arming } from "../safety/arming";
import { Fault } from "../safety/faults";
import { SafeStateProcedure } from "../safety/safe-state";
import type { Safety } from "../safety/safety";
import { SequenceResult } from "../sequence/sequencer";
import type { Step } from "../sequence/steps";
import type { ServoChannel } from "../servo/servo";
import { LanderBody } from "./body";
import type { Checkpoint } from "./checkpoint";
import { ControlLoop } from "./control-loop";
import type { LanderControl } from "./lander-control";
import { MissionRun } from "./mission-run";
import { Refusal, type MissionRefusalReport } from "./refusal";
import { LanderStatus, Mode, type LanderEvents } from "./status";

export interface LanderOptions {
  /** Control loop period; 20 ms is the 50 Hz servo frame. */
  readonly periodMs?: number;
  /** Silence from a host that is streaming motion before the lander makes itself safe. */
  readonly hostTimeoutMs?: number;
  /** Silence from every host, with no sequence running, after which an armed lander disarms. */
  readonly armIdleMs?: number;
}

/**
 * The lander: its hardware (body.ts) and what it runs (mission-run.ts), the safety checks, the
 * modes between them and the fixed-rate control loop that ties them together; its host commands
 * it through LanderControl. It is handed its platform (real ECMA-419 IO on the ESP32, the
 * virtual board in the simulator) and never knows which.
 */
export class Lander implements LanderControl {
  readonly arm: Arm;
  readonly drill: Drill;
  readonly loop: ControlLoop;
  readonly periodMs: number;
  readonly boardId: string;
  /** Mission progress kept where it survives a reset. */
  readonly checkpoint: Checkpoint;
  readonly missionRefusal: MissionRefusalReport;
  private reason: ResetReason;
  private readonly body: LanderBody;
  private readonly safety: Safety;
  private readonly safeState: SafeStateProcedure;
  private readonly arming: Arming;
  private readonly runs: MissionRun;
  private mode = Mode.Idle;
  private fault = Fault.None;
  private afterTick: ((nowMs: number) => void) | undefined;
  /** What `status` returns, filled in place so reading it allocates nothing. */
  private readonly snapshot = new LanderStatus();
  /** A tick has moved the lander on since the snapshot was last filled in. */
  private snapshotStale = false;
  /** When the latest tick began: the time the status reports. */
  private lastTickMs = 0;

  constructor(
    private readonly host: Host,
    readonly board: BoardConfig,
    private readonly events: LanderEvents,
    options: LanderOptions = {},
  ) {
    this.body = new LanderBody(host.device, board, options.hostTimeoutMs ?? 1500);
    this.arm = this.body.arm;
    this.drill = this.body.drill;
    this.safety = this.body.safety;
    this.arming = new Arming(options.armIdleMs ?? ARM_IDLE_MS, (armed, nowMs) => {
      this.snapshot.armed = armed;
      events.armedChanged(armed, nowMs);
    });
    this.boardId = board.id;
    this.reason = host.resetReason;
    this.safeState = new SafeStateProcedure(this.arm, this.drill);
    this.runs = new MissionRun(host.store, board, boardHash(board), this.body, this, events);
    this.checkpoint = this.runs.checkpoint;
    this.missionRefusal = this.runs.missions.refusal;
    this.periodMs = options.periodMs ?? 20;
    this.loop = new ControlLoop(
      host.timer,
      host.time,
      this.periodMs,
      (nowMs) => this.tick(nowMs),
      (nowMs) => {
        // Late ticks matter while something moves: its motion is sampled too irregularly to be
        // what was planned. At rest they are counted only: an upload at 921600 baud keeps the
        // thread busy for longer than a period, and nothing is harmed by it.
        if (this.sequenceOwnsOutputs() || this.body.isMoving(nowMs)) this.raiseFault(Fault.TickOverrun, nowMs);
      },
    );
  }

  /**
   * Starts the control loop; every output is driven, nothing moves until a sequence starts. A
   * checkpoint left by the last run means a reset cut a mission short: the servos start where it
   * had them and the lander makes itself safe, keeping the checkpoint so the host can continue.
   */
  boot(): void {
    if (this.checkpoint.load()) {
      this.body.restorePositions(this.checkpoint);
      this.raiseFault(Fault.Interrupted, this.host.time.ticks);
    }
    this.loop.start();
  }

  /**
   * The lander's state as the latest tick left it. Filled in when first read after a tick, not
   * by every tick: most ticks nobody reads it (telemetry goes out a few times a second), and
   * filling it in costs a tick an ADC read of the battery and a pass over every output.
   */
  get status(): LanderStatus {
    if (this.snapshotStale) this.updateStatus();
    return this.snapshot;
  }

  /**
   * The status for an observer outside the firmware (the simulator reporting to its host): filled
   * in as `status` fills it, but if the firmware had not read it since the tick, left for the
   * firmware's own next read to fill in again, so that looking costs the firmware nothing it would
   * not pay on the chip. (It does sample the battery: its last good reading may be this one.)
   */
  observeStatus(): LanderStatus {
    if (!this.snapshotStale) return this.snapshot;
    this.updateStatus();
    this.snapshotStale = true;
    return this.snapshot;
  }

  /** Whether the safety monitor watches a host's heartbeat now. */
  get hostWatched(): boolean {
    return this.safety.hostWatched;
  }

  get currentMode(): Mode {
    return this.mode;
  }

  get currentFault(): Fault {
    return this.fault;
  }

  get isArmed(): boolean {
    return this.arming.isArmed;
  }

  get resetReason(): ResetReason {
    return this.reason;
  }

  get missionCrc(): number {
    return this.runs.missions.crc;
  }

  get missionName(): string {
    return this.runs.missions.name;
  }

  afterEachTick(listener: (nowMs: number) => void): void {
    this.afterTick = listener;
  }

  noteAnyHostMessage(): void {
    this.arming.heard(this.host.time.ticks);
  }

  noteWatchedHostHeard(): void {
    this.safety.watchedHostHeard(this.host.time.ticks);
  }

  watchHost(on: boolean): void {
    this.safety.watchHost(on, this.host.time.ticks);
  }

  systemReset(): void {
    this.reason = ResetReason.SystemReset;
    this.disarmMotion();
    this.abort();
  }

  armMotion(): boolean {
    if (this.mode === Mode.Safing || !this.safety.clearEstop()) return false;
    this.arming.arm(this.host.time.ticks);
    return true;
  }

  disarmMotion(): void {
    const nowMs = this.host.time.ticks;
    this.arming.disarm(nowMs);
    this.runs.recovery.cancel();
    if (this.mode === Mode.Running || this.mode === Mode.Paused) this.abort();
    else if (this.mode !== Mode.Safing) this.body.holdHandMotion(nowMs);
  }

  /** Starts `steps` (the mission by default) at `fromStep`, refused as LanderControl.start says. */
  start(steps: readonly Step[] = this.runs.missionSteps(), fromStep = 0): boolean {
    if (!this.arming.isArmed) return false;
    this.runs.recovery.newRun();
    return this.run(steps, fromStep);
  }

  /** Starts or restarts a sequence; a fault policy's retry or skip comes back here, keeping its count. */
  private run(steps: readonly Step[], fromStep: number, checkpointing = true): boolean {
    const nowMs = this.host.time.ticks;
    if (this.sequenceOwnsOutputs()) return false;
    if (!this.safety.clearEstop()) return false;
    if (!this.runs.begin(steps, fromStep, checkpointing, nowMs)) return false;
    this.fault = Fault.None;
    this.setMode(Mode.Running, nowMs);
    return true;
  }

  continueMission(): boolean {
    const from = this.runs.continuePoint();
    return from >= 0 && this.start(this.runs.missionSteps(), from);
  }

  loadMission(bytes: Uint8Array, length: number): Refusal {
    if (this.sequenceOwnsOutputs()) return this.runs.missions.refusal.refuse(Refusal.Busy);
    return this.runs.load(bytes, length);
  }

  runStep(bytes: Uint8Array, length: number): boolean {
    const step = decodeStep(bytes, length);
    if (typeof step === "string" || !this.arming.isArmed) return false;
    this.runs.recovery.newRun();
    return this.run([step], 0, false);
  }

  pause(): boolean {
    if (this.mode === Mode.Safing && this.runs.recovery.cancelPending()) return true;
    if (this.mode !== Mode.Running) return false;
    const nowMs = this.host.time.ticks;
    this.runs.sequencer.pause(nowMs);
    this.setMode(Mode.Paused, nowMs);
    return true;
  }

  resume(): boolean {
    if (this.mode !== Mode.Paused || !this.arming.isArmed) return false;
    this.runs.sequencer.resume();
    this.setMode(Mode.Running, this.host.time.ticks);
    return true;
  }

  abort(): void {
    this.runs.recovery.cancel();
    this.checkpoint.clear();
    this.makeSafe(this.host.time.ticks);
  }

  estop(): void {
    this.safety.estopCommand();
    this.raiseFault(Fault.EStop, this.host.time.ticks);
  }

  jog(servo: number, angle: number): boolean {
    if (this.handControlRefusal() !== Refusal.None || angle !== angle) return false;
    return this.body.hand.move(servo, angle, this.host.time.ticks);
  }

  jogServo(servo: number): ServoChannel | undefined {
    return this.body.hand.channel(servo);
  }

  switchAscender(on: boolean): boolean {
    if (this.handControlRefusal() !== Refusal.None) return false;
    this.body.setAscender(on);
    return true;
  }

  handControlRefusal(): Refusal {
    if (this.safety.estopActive()) return Refusal.EStopped;
    if (this.sequenceOwnsOutputs()) return Refusal.SequenceRunning;
    if (!this.arming.isArmed) return Refusal.NotArmed;
    return Refusal.None;
  }

  estopLevel(): 0 | 1 {
    return this.safety.estopLevel();
  }

  startLevel(): 0 | 1 {
    return this.body.startLevel();
  }

  selfTest(): Fault {
    return this.body.selfTest();
  }

  /** One control period: safety first, then the sequence, then every output. */
  tick(nowMs: number): void {
    // Only a new fault restarts the safe-state procedure: a held e-stop must not restart it
    // every tick, or the lander would never finish getting safe.
    const fault = this.safety.check(nowMs);
    if (fault !== Fault.None && fault !== this.fault) this.raiseFault(fault, nowMs);
    if (!this.sequenceOwnsOutputs()) this.arming.checkIdle(nowMs);
    this.pollStartButton();
    if (this.mode === Mode.Running) {
      const result = this.runs.tick(nowMs);
      if (result === SequenceResult.Finished) this.setMode(Mode.Complete, nowMs);
      else if (result === SequenceResult.Failed) this.stepFailed(nowMs);
    } else if (this.mode === Mode.Safing && this.safeState.tick(nowMs)) {
      this.setMode(Mode.Safe, nowMs);
      // A fault policy's retry or skip goes on once the lander is safe again, if still armed.
      const from = this.runs.recovery.take();
      if (from >= 0 && this.arming.isArmed) this.run(this.runs.steps, from);
    }
    this.body.tick(nowMs);
    this.lastTickMs = nowMs;
    this.snapshotStale = true;
    if (this.afterTick) this.afterTick(nowMs);
  }

  /**
   * A step failed (a stall after its retries, a refused step): made safe first, the mission then
   * stops, runs the phase again once, or goes on with the next phase, as the phase's policy says.
   */
  private stepFailed(nowMs: number): void {
    const from = this.runs.recoveryPoint();
    // A retry or skip was agreed to when the mission was armed and started: it stays armed for it.
    this.raiseFault(this.runs.sequencer.fault, nowMs, from >= 0);
    this.runs.recovery.resumeAt(from);
  }

  private raiseFault(fault: Fault, nowMs: number, keepArmed = false): void {
    if (!keepArmed) this.arming.disarm(nowMs);
    this.fault = fault;
    this.runs.recovery.cancel();
    this.events.fault(fault, nowMs);
    this.makeSafe(nowMs);
  }

  private makeSafe(nowMs: number): void {
    this.runs.sequencer.halt();
    this.body.setAscender(false);
    this.safeState.begin(nowMs);
    this.setMode(Mode.Safing, nowMs);
  }

  private setMode(mode: Mode, nowMs: number): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.snapshot.showMode(mode, this.fault, this.runs.sequencer);
    this.events.modeChanged(mode, nowMs);
  }

  private sequenceOwnsOutputs(): boolean {
    return this.mode === Mode.Running || this.mode === Mode.Paused || this.mode === Mode.Safing;
  }

  /**
   * The model's own start button arms the lander and starts its mission: whoever presses it is
   * standing at the model, which is what arming asks of a host. Refused as Arm is (e-stop held,
   * still getting safe), so nothing ever moves disarmed; a fault still stops what it started.
   */
  private pollStartButton(): void {
    if (this.body.startPressed() && this.armMotion()) {
      this.runs.recovery.newRun();
      this.run(this.runs.missionSteps(), 0);
    }
  }

  private updateStatus(): void {
    this.snapshotStale = false;
    const s = this.snapshot;
    s.showMode(this.mode, this.fault, this.runs.sequencer);
    s.nowMs = this.lastTickMs;
    this.body.report(s);
    s.ticks = this.loop.ticks;
    s.overruns = this.loop.overruns;
    s.longestTickMs = this.loop.longestMs;
    s.hostWatched = this.safety.hostWatched;
    s.armed = this.arming.isArmed;
  }
}
