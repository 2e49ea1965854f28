import { Arm } from "../arm/arm";
import { boardHash } from "../board/hash";
import { adcFullScaleVolts, analogVolts, openAnalog, type BoardConfig, type InputConfig } from "../board/config";
import { Drill } from "../drill/drill";
import type { AnalogInput, DigitalPin, Host } from "../platform/host";
import type { ResetReason } from "../protocol/codec";
import { Fault } from "../safety/faults";
import { SafeStateProcedure } from "../safety/safe-state";
import { ARM_IDLE_MS, Arming, NOT_ARMED } from "../safety/arming";
import { Safety } from "../safety/safety";
import { ServoJamMonitor } from "../safety/servo-jam";
import { decodeMission, decodeStep, type Mission } from "../mission/format";
import { defaultSequence } from "../sequence/default-sequence";
import { Phase } from "../sequence/phases";
import { SequenceResult, Sequencer, type SequenceActuators } from "../sequence/sequencer";
import { FaultPolicy, type Step } from "../sequence/steps";
import { clampAngle } from "../servo/calibration";
import { PositionServo } from "../servo/position-servo";
import type { ServoChannel } from "../servo/servo";
import { crc32 } from "../protocol/crc32";
import { Checkpoint } from "./checkpoint";
import { ControlLoop } from "./control-loop";
import { LanderStatus, Mode, type LanderEvents } from "./status";

export interface LanderOptions {
  /** Control loop period; 20 ms is the 50 Hz servo frame. */
  readonly periodMs?: number;
  /** Silence from a host that is streaming motion before the lander makes itself safe. */
  readonly hostTimeoutMs?: number;
  /** Silence from every host, with no sequence running, after which an armed lander disarms. */
  readonly armIdleMs?: number;
}

/** Where the uploaded mission is kept (Preference: an NVS blob on the ESP32). */
const MISSION_DOMAIN = "farside";
const MISSION_KEY = "mission";

function openInput(host: Host, input: InputConfig): DigitalPin {
  const Digital = host.device.io.Digital;
  const mode =
    input.pull === "up" ? Digital.InputPullUp : input.pull === "down" ? Digital.InputPullDown : Digital.Input;
  return new Digital({ pin: input.pin, mode });
}

/**
 * The lander: every actuator and input of one board, the sampling sequence, the safety checks
 * and the fixed-rate control loop that ties them together. It is handed its platform (real
 * ECMA-419 IO on the ESP32, the virtual board in the simulator) and never knows which.
 */
export class Lander implements SequenceActuators {
  readonly arm: Arm;
  readonly drill: Drill;
  readonly lid: PositionServo;
  readonly flag: PositionServo;
  readonly status = new LanderStatus();
  readonly loop: ControlLoop;
  /** The hash every mission must carry to run here (board/hash.ts). */
  readonly boardHash: number;
  /** Mission progress kept where it survives a reset. */
  readonly checkpoint: Checkpoint;
  /** Why the firmware last started; a Firmata system reset sets it too. */
  resetReason: ResetReason;
  private readonly ascenderPin: DigitalPin;
  private readonly startPin: DigitalPin;
  private readonly battery: AnalogInput | undefined;
  /** The last supply voltage the ADC read; a failed read leaves it. */
  private batteryVolts = 0;
  private readonly safety: Safety;
  private readonly safeState: SafeStateProcedure;
  private readonly sequencer: Sequencer;
  private steps: readonly Step[] = [];
  /**
   * The built-in Chang'e-6 sequence, built and validated once at boot: doing both when Start
   * arrived took a whole control period of the chip's time in one callback (under the
   * simulator's cost model).
   */
  private readonly defaultSteps: readonly Step[];
  /** The uploaded mission, kept in flash; undefined runs the built-in Chang'e-6 sequence. */
  private mission: Mission | undefined;
  /** The uploaded mission's CRC-32 as a signed integer (0: the built-in one): what a checkpoint is of. */
  private storedCrc = 0;
  /** Whether the run under way keeps a checkpoint: a host's single step (replay) does not. */
  private checkpointing = true;
  /** After the safe state: go on from this step (a fault policy's retry or skip), or -1. */
  private resumeFrom = -1;
  /** The phase already retried once in this run, or -1. */
  private retriedPhase = -1;
  private mode = Mode.Idle;
  private fault = Fault.None;
  // Starts as pressed so a button held through boot must be released before it counts.
  private startWasPressed = true;
  private ascenderOn = false;
  private readonly arming: Arming;
  /** Called after every control tick; the link reports from it. One listener, so no allocation. */
  afterTick: ((nowMs: number) => void) | undefined;

  constructor(
    private readonly host: Host,
    readonly board: BoardConfig,
    private readonly events: LanderEvents,
    options: LanderOptions = {},
  ) {
    const io = host.device.io;
    this.arm = new Arm(host.device, board);
    this.drill = new Drill(host.device, board);
    this.lid = new PositionServo(host.device, board, board.lid);
    this.flag = new PositionServo(host.device, board, board.flag);
    // Off from the moment the pin opens: an output otherwise starts low, which lights an
    // active-low ascender until the first write.
    const ascenderOff = board.ascender.activeLevel === 1 ? 0 : 1;
    this.ascenderPin = new io.Digital({ pin: board.ascender.pin, mode: io.Digital.Output, initialValue: ascenderOff });
    this.setAscender(false);
    this.startPin = openInput(host, board.start);
    this.battery = board.battery ? openAnalog(host.device, board, board.battery.pin) : undefined;
    const sense = board.servoSense;
    const jam = sense
      ? new ServoJamMonitor(
          openAnalog(host.device, board, sense.pin),
          adcFullScaleVolts(board),
          sense.ampsPerVolt,
          sense.jamAmps,
        )
      : undefined;
    this.safety = new Safety(openInput(host, board.estop), board.estop, options.hostTimeoutMs ?? 1500, jam);
    this.arming = new Arming(options.armIdleMs ?? ARM_IDLE_MS, (armed, nowMs) => {
      this.status.armed = armed;
      events.armedChanged(armed, nowMs);
    });
    this.defaultSteps = defaultSequence(board);
    this.checkpoint = new Checkpoint(host.store);
    this.boardHash = boardHash(board);
    this.resetReason = host.resetReason;
    this.safeState = new SafeStateProcedure(this.arm, this.drill);
    this.sequencer = new Sequencer(this, {
      phaseEntered: (phase, nowMs) => events.phaseEntered(phase, nowMs),
      stepDone: (index, nowMs) => this.stepDone(index, nowMs),
      marker: (id, nowMs) => events.marker(id, nowMs),
    });
    // Remembered by the sequencer when it passes, so Start does not check it again.
    this.sequencer.validate(this.defaultSteps);
    this.restoreMission();
    this.loop = new ControlLoop(
      host.timer,
      host.time,
      options.periodMs ?? 20,
      (nowMs) => this.tick(nowMs),
      (nowMs) => {
        // Late ticks matter while something moves: its motion is sampled too irregularly to be
        // what was planned. At rest they are counted only: an upload at 921600 baud keeps the
        // thread busy for longer than a period, and nothing is harmed by it.
        if (this.somethingMoves(nowMs)) this.raiseFault(Fault.TickOverrun, nowMs);
      },
    );
  }

  private somethingMoves(nowMs: number): boolean {
    return this.sequenceOwnsOutputs() || !this.arm.isSettled(nowMs) || !this.drill.isIdle(nowMs);
  }

  /**
   * Starts the control loop. Nothing moves until a sequence starts, but every output is driven.
   * A checkpoint left by the last run means a mission was cut short by a reset: the servos start
   * from where that checkpoint had them and the lander makes itself safe, keeping the checkpoint
   * so the host can continue.
   */
  boot(): void {
    if (this.checkpoint.load()) {
      const joints = this.arm.joints;
      for (let i = 0; i < joints.length; i++) joints[i].profile.reset(this.checkpoint.joints[i]);
      this.drill.resetFeed(this.checkpoint.depthMm);
      this.raiseFault(Fault.Interrupted, this.host.time.ticks);
    }
    this.loop.start();
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

  /**
   * Allows motion commands. Refused while the e-stop switch is held or the lander is still getting
   * safe; clears a commanded e-stop, so arming is how a lander goes on after one.
   */
  armMotion(): boolean {
    if (this.mode === Mode.Safing || !this.safety.clearEstop()) return false;
    this.arming.arm(this.host.time.ticks);
    return true;
  }

  /**
   * Forbids motion commands. A sequence under way stops and the lander makes itself safe; a
   * retry or skip waiting for the safe state is dropped; a hand move under way stops where it
   * is, with the drill stopped and raised. From then on only the safe-state procedure moves.
   */
  disarmMotion(): void {
    const nowMs = this.host.time.ticks;
    this.arming.disarm(nowMs);
    this.resumeFrom = -1;
    if (this.mode === Mode.Running || this.mode === Mode.Paused) this.abort();
    else if (this.mode !== Mode.Safing) this.holdHandMotion(nowMs);
  }

  /** Stops every hand move where it is; the drill stops and rises. */
  private holdHandMotion(nowMs: number): void {
    this.arm.hold(nowMs);
    this.lid.hold();
    this.flag.hold();
    this.drill.stopSpin();
    if (!this.drill.isRaised()) this.drill.retract(nowMs);
  }

  /** Any whole message from a host: an armed lander disarms after a long silence from all of them. */
  noteHostHeard(): void {
    this.arming.heard(this.host.time.ticks);
  }

  /**
   * Starts a sequence (the default Chang'e-6 one when none is given). Refused unless armed, while
   * e-stop is tripped, while moving, or for a sequence that does not validate.
   */
  start(steps: readonly Step[] = this.missionSteps(), fromStep = 0): boolean {
    if (!this.arming.isArmed) return false;
    this.retriedPhase = -1;
    return this.run(steps, fromStep);
  }

  /**
   * Starts or restarts a sequence; a fault policy's retry or skip comes back here, keeping its
   * count. A sequence that is not the mission (a host's single step) keeps no checkpoint, so it
   * never overwrites the mission's.
   */
  private run(steps: readonly Step[], fromStep: number, checkpointing = true): boolean {
    const nowMs = this.host.time.ticks;
    if (this.sequenceOwnsOutputs()) return false;
    if (!this.safety.clearEstop()) return false;
    if (!this.sequencer.begin(steps, nowMs, fromStep)) return false;
    this.steps = steps;
    this.checkpointing = checkpointing;
    this.fault = Fault.None;
    this.resumeFrom = -1;
    if (checkpointing) this.saveCheckpoint(fromStep);
    this.setMode(Mode.Running, nowMs);
    return true;
  }

  /**
   * Continues an interrupted mission from its checkpoint: from the first step of the phase it
   * was in, since a phase half done (a hole half drilled, a scoop half lifted) is redone whole.
   * Refused without a checkpoint, or in a state where start() would be refused.
   */
  continueMission(): boolean {
    // Only the mission the checkpoint is of: after another upload, it means nothing.
    if (!this.checkpoint.held || this.checkpoint.missionCrc !== this.storedCrc) return false;
    const steps = this.missionSteps();
    const done = this.checkpoint.stepsDone;
    if (done >= steps.length) return false;
    // From the last checkpoint step passed in this phase, else from the phase's first step.
    const phase = steps[done].phase;
    let from = done;
    while (from > 0 && steps[from - 1].phase === phase && steps[from - 1].kind !== "checkpoint") from--;
    return this.start(steps, from);
  }

  /**
   * Takes a compiled mission from the link: decoded, checked against this lander like any
   * sequence, kept in flash so it survives a reset. Refused while a mission runs. Returns "" or
   * why it was refused.
   */
  loadMission(bytes: Uint8Array, length: number): string {
    if (this.sequenceOwnsOutputs()) return "busy";
    const mission = decodeMission(bytes, length);
    if (typeof mission === "string") return mission;
    if (mission.boardHash !== this.boardHash) {
      return `board hash ${hex(mission.boardHash)}, mine ${hex(this.boardHash)}`;
    }
    const bad = this.sequencer.validate(mission.steps);
    if (bad >= 0) return `step ${bad} does not fit this lander`;
    // Kept only once flash has it: Preference throws on an NVS error, and a mission that would
    // be gone after a reset is refused rather than half taken.
    try {
      this.host.store.set(MISSION_DOMAIN, MISSION_KEY, bytes.slice(0, length).buffer);
    } catch {
      return "flash write failed";
    }
    this.mission = mission;
    this.storedCrc = crc32(bytes, 0, length) | 0;
    this.steps = [];
    // The same mission again keeps its checkpoint, so a host can upload and then continue it.
    if (this.checkpoint.missionCrc !== this.storedCrc) this.checkpoint.clear();
    return "";
  }

  /**
   * Runs one compiled step now, as a sequence of its own: farside replay sends a mission this
   * way, timed by the host. Refused while a step or mission is under way, or for a step that
   * does not fit this lander.
   */
  runStep(bytes: Uint8Array, length: number): boolean {
    const step = decodeStep(bytes, length);
    if (typeof step === "string" || !this.arming.isArmed) return false;
    this.retriedPhase = -1;
    return this.run([step], 0, false);
  }

  /** The uploaded mission's CRC-32 (0: the built-in sequence): a host checks it before continuing. */
  get missionCrc(): number {
    return this.storedCrc;
  }

  /** The name of the mission start() runs. */
  get missionName(): string {
    return this.mission ? this.mission.name : "default";
  }

  private missionSteps(): readonly Step[] {
    return this.mission ? this.mission.steps : this.defaultSteps;
  }

  private restoreMission(): void {
    const stored = this.host.store.get(MISSION_DOMAIN, MISSION_KEY);
    if (!(stored instanceof ArrayBuffer)) return;
    const bytes = new Uint8Array(stored);
    const mission = decodeMission(bytes, stored.byteLength);
    if (typeof mission === "string" || mission.boardHash !== this.boardHash) return;
    if (this.sequencer.validate(mission.steps) < 0) {
      this.mission = mission;
      this.storedCrc = crc32(bytes, 0, bytes.length) | 0;
    }
  }

  /** Holds a running sequence where it is; while the lander gets safe, drops a pending retry or skip. */
  pause(): boolean {
    if (this.mode === Mode.Safing && this.resumeFrom >= 0) {
      this.resumeFrom = -1;
      return true;
    }
    if (this.mode !== Mode.Running) return false;
    const nowMs = this.host.time.ticks;
    this.sequencer.pause(nowMs);
    this.setMode(Mode.Paused, nowMs);
    return true;
  }

  resume(): boolean {
    if (this.mode !== Mode.Paused || !this.arming.isArmed) return false;
    this.sequencer.resume();
    this.setMode(Mode.Running, this.host.time.ticks);
    return true;
  }

  /**
   * Stops the sequence and brings the lander to its safe state, without a fault; forgets the
   * checkpoint and any retry or skip that was waiting for the safe state.
   */
  abort(): void {
    this.resumeFrom = -1;
    this.checkpoint.clear();
    this.makeSafe(this.host.time.ticks);
  }

  estop(): void {
    this.safety.estopCommand();
    this.raiseFault(Fault.EStop, this.host.time.ticks);
  }

  /** A host starts or stops streaming motion; its silence then becomes a fault. */
  setHostControlled(on: boolean): void {
    this.safety.setHostControlled(on, this.host.time.ticks);
  }

  noteHostActivity(): void {
    this.safety.noteHostActivity(this.host.time.ticks);
  }

  /**
   * Moves one servo by hand (Firmata clients, the dashboard's jog): joints 0-3 in JOINT_NAMES
   * order, then 4 the lid and 5 the flag. Refused unless armed, while a sequence owns the servos
   * or e-stop is active; a target outside the limits is clamped, counted, and the servo goes only
   * that far.
   */
  jog(servo: number, angle: number): boolean {
    if (!this.handControlAllowed() || angle !== angle) return false;
    const channel = this.jogChannel(servo);
    if (!channel) return false;
    const target = clampAngle(channel.calibration, angle);
    if (target !== angle) channel.clamped++;
    const nowMs = this.host.time.ticks;
    if (servo < 4) this.arm.moveJoint(this.arm.joints[servo].name, target, nowMs);
    else if (servo === 4) this.lid.moveTo(target, nowMs);
    else this.flag.moveTo(target, nowMs);
    return true;
  }

  /** Outputs may be driven by hand only when armed, while no sequence owns them and e-stop is clear. */
  handControlAllowed(): boolean {
    return this.handControlRefusal() === "";
  }

  /** Why outputs may not be driven by hand now, for the client to show; "" when they may. */
  handControlRefusal(): string {
    if (this.safety.estopActive()) return "e-stopped";
    if (this.sequenceOwnsOutputs()) return "sequence running";
    if (!this.arming.isArmed) return NOT_ARMED;
    return "";
  }

  jogChannel(servo: number): ServoChannel | undefined {
    if (servo >= 0 && servo < 4) return this.arm.joints[servo].servo;
    if (servo === 4) return this.lid.servo;
    if (servo === 5) return this.flag.servo;
    return undefined;
  }

  get estopActive(): boolean {
    return this.safety.estopActive();
  }

  /** Raw level of the e-stop and start inputs, as a Firmata client reading the pins sees them. */
  estopLevel(): 0 | 1 {
    return this.safety.estopLevel();
  }

  startLevel(): 0 | 1 {
    return this.startPin.read();
  }

  setAscender(on: boolean): void {
    this.ascenderOn = on;
    this.ascenderPin.write(on === (this.board.ascender.activeLevel === 1) ? 1 : 0);
  }

  selfTest(): Fault {
    if (this.safety.estopSwitchTripped()) return Fault.EStop;
    const load = this.board.drill.load;
    if (load && this.drill.loadAmps > load.stallAmps / 2) return Fault.SelfTest;
    // Measured now, not taken from the status: a start before the first tick would see 0 V.
    // A failed read cannot show the supply is good, so it fails the test too.
    if (this.board.battery && (!this.sampleBattery() || this.batteryVolts < this.board.battery.minVolts))
      return Fault.SelfTest;
    return Fault.None;
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
      const result = this.sequencer.tick(nowMs);
      if (result === SequenceResult.Finished) {
        if (this.checkpointing) this.checkpoint.clear();
        this.setMode(Mode.Complete, nowMs);
      } else if (result === SequenceResult.Failed) this.stepFailed(nowMs);
    } else if (this.mode === Mode.Safing && this.safeState.tick(nowMs)) {
      this.setMode(Mode.Safe, nowMs);
      // A fault policy's retry or skip goes on once the lander is safe again, if still armed.
      const from = this.resumeFrom;
      this.resumeFrom = -1;
      if (from >= 0 && this.arming.isArmed) this.run(this.steps, from);
    }
    this.arm.tick(nowMs);
    this.drill.tick(nowMs);
    this.lid.tick(nowMs);
    this.flag.tick(nowMs);
    this.updateStatus(nowMs);
    if (this.afterTick) this.afterTick(nowMs);
  }

  /**
   * A step failed (a stall after its retries, a refused step): the phase's policy decides
   * whether the mission stops, runs the phase again once, or goes on with the next phase. Either
   * way the lander is made safe first.
   */
  private stepFailed(nowMs: number): void {
    const phase = this.sequencer.phase;
    const index = this.sequencer.stepIndex;
    const policy = this.mission ? this.mission.policies[phase] : FaultPolicy.Abort;
    const steps = this.steps;
    let from = -1;
    if (policy === FaultPolicy.Retry && this.retriedPhase !== phase) {
      this.retriedPhase = phase;
      from = index;
      while (from > 0 && steps[from - 1].phase === phase) from--;
    } else if (policy === FaultPolicy.Skip) {
      from = index;
      while (from < steps.length && steps[from].phase === phase) from++;
      if (from >= steps.length) from = -1;
    }
    // A retry or skip was agreed to when the mission was armed and started: it stays armed for it.
    this.raiseFault(this.sequencer.fault, nowMs, from >= 0);
    this.resumeFrom = from;
  }

  private stepDone(index: number, nowMs: number): void {
    if (this.checkpointing) this.saveCheckpoint(index + 1);
    this.events.stepDone(index, nowMs);
  }

  private saveCheckpoint(stepsDone: number): void {
    const phase = stepsDone < this.steps.length ? this.steps[stepsDone].phase : Phase.Complete;
    this.checkpoint.save(stepsDone, phase, this.drill.depthMm, this.status.joints, this.storedCrc);
  }

  private raiseFault(fault: Fault, nowMs: number, keepArmed = false): void {
    if (!keepArmed) this.arming.disarm(nowMs);
    this.fault = fault;
    this.resumeFrom = -1;
    this.events.fault(fault, nowMs);
    this.makeSafe(nowMs);
  }

  private makeSafe(nowMs: number): void {
    this.sequencer.halt();
    this.setAscender(false);
    this.safeState.begin(nowMs);
    this.setMode(Mode.Safing, nowMs);
  }

  private setMode(mode: Mode, nowMs: number): void {
    if (mode === this.mode) return;
    this.mode = mode;
    // At once, not at the next tick: a status query answered right after a command must see it.
    const s = this.status;
    s.mode = mode;
    s.fault = this.fault;
    s.phase = mode === Mode.Running || mode === Mode.Paused ? this.sequencer.phase : this.idlePhase();
    s.step = this.sequencer.stepIndex;
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
    const pressed = this.startPin.read() === this.board.start.activeLevel;
    if (pressed && !this.startWasPressed && this.armMotion()) {
      this.retriedPhase = -1;
      this.run(this.missionSteps(), 0);
    }
    this.startWasPressed = pressed;
  }

  private updateStatus(nowMs: number): void {
    const s = this.status;
    s.mode = this.mode;
    s.phase = this.mode === Mode.Running || this.mode === Mode.Paused ? this.sequencer.phase : this.idlePhase();
    s.step = this.sequencer.stepIndex;
    s.fault = this.fault;
    s.nowMs = nowMs;
    const joints = this.arm.joints;
    for (let i = 0; i < joints.length; i++) s.joints[i] = joints[i].angle;
    s.depthMm = this.drill.depthMm;
    s.rpm = this.drill.rpm;
    s.loadAmps = this.drill.loadAmps;
    this.sampleBattery();
    s.batteryVolts = this.batteryVolts;
    s.lid = this.lid.angle;
    s.flag = this.flag.angle;
    s.ascender = this.ascenderOn;
    s.estop = this.safety.estopSwitchTripped();
    s.ticks = this.loop.ticks;
    s.overruns = this.loop.overruns;
    s.longestTickMs = this.loop.longestMs;
    s.clamped = this.arm.clamped + this.lid.servo.clamped + this.flag.servo.clamped;
    s.hostLink = this.safety.hostLinked;
    s.armed = this.arming.isArmed;
    s.servoAmps = this.safety.servoAmps;
  }

  /**
   * Reads the supply through the divider on the battery-sense pin into batteryVolts (0 on a
   * board without one); false when the ADC read failed, which leaves the last good reading.
   */
  private sampleBattery(): boolean {
    if (!this.battery || !this.board.battery) return true;
    const volts = analogVolts(this.battery, adcFullScaleVolts(this.board));
    if (volts === undefined) return false;
    this.batteryVolts = volts * this.board.battery.dividerRatio;
    return true;
  }

  private idlePhase(): Phase {
    return this.mode === Mode.Complete ? Phase.Complete : Phase.Idle;
  }
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}
