import { Arm } from "../arm/arm";
import { adcFullScaleVolts, openAnalog, type BoardConfig, type InputConfig } from "../board/config";
import { Drill } from "../drill/drill";
import type { DeviceProvider, DigitalPin } from "../platform/host";
import { Fault } from "../safety/faults";
import { Safety } from "../safety/safety";
import { ServoJamMonitor } from "../safety/servo-jam";
import type { SequenceActuators } from "../sequence/sequencer";
import { PositionServo } from "../servo/position-servo";
import { openBatterySense, type BatterySense } from "./battery-sense";
import type { Checkpoint } from "./checkpoint";
import { HandServos } from "./hand-servos";
import type { LanderStatus } from "./status";

function openInput(device: DeviceProvider, input: InputConfig): DigitalPin {
  const Digital = device.io.Digital;
  const mode =
    input.pull === "up" ? Digital.InputPullUp : input.pull === "down" ? Digital.InputPullDown : Digital.Input;
  return new Digital({ pin: input.pin, mode });
}

/**
 * The lander's hardware, opened from one board file: the arm, drill, lid and flag the sequencer
 * drives, the ascender LED, the start button, the battery sense, and the inputs Safety watches
 * (the e-stop switch, the servo rail's current). When they may move is the Lander's business.
 */
export class LanderBody implements SequenceActuators {
  readonly arm: Arm;
  readonly drill: Drill;
  readonly lid: PositionServo;
  readonly flag: PositionServo;
  /** The servos a host may jog, numbered. */
  readonly hand: HandServos;
  readonly safety: Safety;
  private readonly ascenderPin: DigitalPin;
  private ascenderOn = false;
  private readonly startPin: DigitalPin;
  // Starts as pressed so a button held through boot must be released before it counts.
  private startWasPressed = true;
  private readonly battery: BatterySense | undefined;

  constructor(
    device: DeviceProvider,
    private readonly board: BoardConfig,
    hostTimeoutMs: number,
  ) {
    const io = device.io;
    this.arm = new Arm(device, board);
    this.drill = new Drill(device, board);
    this.lid = new PositionServo(device, board, board.lid);
    this.flag = new PositionServo(device, board, board.flag);
    this.hand = new HandServos(this.arm, this.lid, this.flag);
    // Off from the moment the pin opens: an output otherwise starts low, which lights an
    // active-low ascender until the first write.
    const ascenderOff = board.ascender.activeLevel === 1 ? 0 : 1;
    this.ascenderPin = new io.Digital({ pin: board.ascender.pin, mode: io.Digital.Output, initialValue: ascenderOff });
    this.setAscender(false);
    this.startPin = openInput(device, board.start);
    this.battery = openBatterySense(device, board);
    const sense = board.servoSense;
    const jam = sense
      ? new ServoJamMonitor(
          openAnalog(device, board, sense.pin),
          adcFullScaleVolts(board),
          sense.ampsPerVolt,
          sense.jamAmps,
        )
      : undefined;
    this.safety = new Safety(openInput(device, board.estop), board.estop, hostTimeoutMs, jam);
  }

  setAscender(on: boolean): void {
    this.ascenderOn = on;
    this.ascenderPin.write(on === (this.board.ascender.activeLevel === 1) ? 1 : 0);
  }

  selfTest(): Fault {
    if (this.safety.estopSwitchTripped()) return Fault.EStop;
    const load = this.board.drill.load;
    if (load && this.drill.measureLoad() > load.stallAmps / 2) return Fault.SelfTest;
    if (this.battery && this.battery.tooLowToStart()) return Fault.SelfTest;
    return Fault.None;
  }

  /** Raw level of the start input, as a Firmata client reading the pin sees it. */
  startLevel(): 0 | 1 {
    return this.startPin.read();
  }

  /** Reads the start button once a tick; true only on the tick it goes down. */
  startPressed(): boolean {
    const pressed = this.startPin.read() === this.board.start.activeLevel;
    const wasPressed = this.startWasPressed;
    this.startWasPressed = pressed;
    return pressed && !wasPressed;
  }

  /** Whether a move is still under way: the arm not yet settled, or the drill busy. */
  isMoving(nowMs: number): boolean {
    return !this.arm.isSettled(nowMs) || !this.drill.isIdle(nowMs);
  }

  /** Stops every hand move where it is; the drill stops and rises. */
  holdHandMotion(nowMs: number): void {
    this.hand.hold(nowMs);
    this.drill.stopSpin();
    if (!this.drill.isRaised()) this.drill.retract(nowMs);
  }

  /** After a reset mid-mission: the servos start from where the checkpoint had them. */
  restorePositions(checkpoint: Checkpoint): void {
    const joints = this.arm.joints;
    for (let i = 0; i < joints.length; i++) joints[i].profile.reset(checkpoint.joints[i]);
    this.drill.resetFeed(checkpoint.depthMm);
  }

  /** Samples every motion and writes every output. */
  tick(nowMs: number): void {
    this.arm.tick(nowMs);
    this.drill.tick(nowMs);
    this.lid.tick(nowMs);
    this.flag.tick(nowMs);
  }

  /** Copies what the hardware reads and was sent into the status telemetry reports. */
  report(s: LanderStatus): void {
    const joints = this.arm.joints;
    for (let i = 0, count = joints.length; i < count; i++) s.joints[i] = joints[i].angle;
    s.depthMm = this.drill.depthMm;
    s.rpm = this.drill.rpm;
    s.loadAmps = this.drill.loadAmps;
    if (this.battery) this.battery.sample();
    // 0 V on a board without a battery sense.
    s.batteryVolts = this.battery ? this.battery.volts : 0;
    s.lid = this.lid.angle;
    s.flag = this.flag.angle;
    s.ascender = this.ascenderOn;
    s.estop = this.safety.switchTripped;
    s.clamped = this.arm.clamped + this.lid.servo.clamped + this.flag.servo.clamped;
    s.servoAmps = this.safety.servoAmps;
  }
}
