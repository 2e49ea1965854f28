import type { InputConfig } from "../board/config";
import type { DigitalPin } from "../platform/host";
import { Fault } from "./faults";
import type { ServoJamMonitor } from "./servo-jam";

/**
 * Watches what must stop the lander whatever it is doing: the e-stop switch and command, a host
 * that was driving the lander and fell silent, and a jammed servo. Checked first on every control tick.
 */
export class Safety {
  private estopLatched = false;
  /** The switch as the last check read it: the tick's status reports it without reading the pin again. */
  switchTripped = false;
  private watching = false;
  private lastHostMs = 0;

  constructor(
    private readonly estopPin: DigitalPin,
    private readonly estopConfig: InputConfig,
    readonly hostTimeoutMs: number,
    /** Absent on a board without servo-rail current sense: jams then go unnoticed. */
    private readonly jam?: ServoJamMonitor,
  ) {}

  /** Servo rail current in amps at the last check; 0 without a sense input. */
  get servoAmps(): number {
    return this.jam ? this.jam.amps : 0;
  }

  estopLevel(): 0 | 1 {
    return this.estopPin.read();
  }

  /** The switch as it is now, tripped or not. */
  estopSwitchTripped(): boolean {
    return this.estopPin.read() === this.estopConfig.activeLevel;
  }

  /** Tripped now, by the switch or by a command not yet cleared by a fresh start. */
  estopActive(): boolean {
    return this.estopLatched || this.estopSwitchTripped();
  }

  /** Whether a host session is being watched for silence. */
  get hostWatched(): boolean {
    return this.watching;
  }

  /** E-stop from the link or the dashboard: latches like the switch. */
  estopCommand(): void {
    this.estopLatched = true;
  }

  /** A fresh start clears the latch, but only once the switch itself is released. */
  clearEstop(): boolean {
    if (this.estopSwitchTripped()) return false;
    this.estopLatched = false;
    return true;
  }

  /** A host asked to be watched: from now on its silence is a fault. */
  watchHost(on: boolean, nowMs: number): void {
    this.watching = on;
    this.lastHostMs = nowMs;
  }

  /** The watched host spoke: its silence starts again from now. */
  watchedHostHeard(nowMs: number): void {
    this.lastHostMs = nowMs;
  }

  /** The fault that must stop the lander now, or Fault.None. */
  check(nowMs: number): Fault {
    this.switchTripped = this.estopSwitchTripped();
    if (this.switchTripped) this.estopLatched = true;
    if (this.estopLatched) return Fault.EStop;
    if (this.watching && nowMs - this.lastHostMs > this.hostTimeoutMs) {
      this.watching = false;
      return Fault.LostHost;
    }
    if (this.jam && this.jam.jammed(nowMs)) return Fault.ServoJam;
    return Fault.None;
  }
}
