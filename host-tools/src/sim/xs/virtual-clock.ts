import type { TickSource, TimerService } from "../../../../firmware/platform/host";

interface VirtualTimer {
  dueMs: number;
  readonly intervalMs: number;
  readonly callback: () => void;
  cleared: boolean;
}

/** Something on the board that acts by itself at times it chooses: the UART, a supply monitor. */
export interface DeviceTask {
  /** Simulation time of its next action, or Infinity. */
  nextDueMs(): number;
  run(simMs: number): void;
}

/**
 * Moddable's `timer` and `time` modules over virtual time. Time moves only when the host calls
 * advance(), so a run is the same however fast or slow the PC is, and a three-minute mission
 * can run in a fraction of a second.
 *
 * Two clocks in one: simulation time runs on through a reset, while the firmware's `ticks`
 * restart from zero at each boot, as the ESP32's do.
 */
export class VirtualClock implements TimerService, TickSource {
  private nowMs = 0;
  private epochMs = 0;
  private readonly timers: VirtualTimer[] = [];
  private readonly devices: DeviceTask[] = [];

  /** Milliseconds since the firmware booted: what Moddable's Time.ticks returns. */
  get ticks(): number {
    return this.nowMs - this.epochMs;
  }

  /** Milliseconds since the simulation began, across resets. */
  get simMs(): number {
    return this.nowMs;
  }

  addDevice(task: DeviceTask): void {
    this.devices.push(task);
  }

  /** The firmware reset: its timers are gone and its ticks start again from zero. */
  restartFirmware(): void {
    for (let i = 0; i < this.timers.length; i++) this.timers[i].cleared = true;
    this.timers.length = 0;
    this.epochMs = this.nowMs;
  }

  repeat(callback: () => void, interval: number): VirtualTimer {
    const timer: VirtualTimer = { dueMs: this.nowMs + interval, intervalMs: interval, callback, cleared: false };
    this.timers.push(timer);
    return timer;
  }

  clear(timer: unknown): void {
    const index = this.timers.indexOf(timer as VirtualTimer);
    if (index >= 0) {
      this.timers[index].cleared = true;
      this.timers.splice(index, 1);
    }
  }

  /**
   * Moves the tick counter without running timers: time spent inside a callback, as a tick
   * that blocks would spend it. Timers that fall due meanwhile run late, on the next advance,
   * once for every period they missed.
   */
  spend(ms: number): void {
    this.nowMs += ms;
  }

  /**
   * Runs every device action and timer that falls due in the next `ms`, in time order (devices
   * first at equal times: a byte that arrived is there for the tick), then stops at now + ms.
   */
  advance(ms: number): void {
    const endMs = this.nowMs + ms;
    for (;;) {
      let device: DeviceTask | undefined;
      let deviceDue = Infinity;
      for (let i = 0; i < this.devices.length; i++) {
        const due = this.devices[i].nextDueMs();
        if (due < deviceDue) {
          deviceDue = due;
          device = this.devices[i];
        }
      }
      // Moddable advances a repeating timer's trigger time by its interval before calling it
      // (sdk:modules/base/timer/mc/timer.c:82), not from now: after a stall every missed
      // period fires, back to back, until the timer has caught up.
      let next: VirtualTimer | undefined;
      for (let i = 0; i < this.timers.length; i++) {
        const timer = this.timers[i];
        if (timer.dueMs <= endMs && (!next || timer.dueMs < next.dueMs)) next = timer;
      }
      if (device && deviceDue <= endMs && (!next || deviceDue <= next.dueMs)) {
        if (deviceDue > this.nowMs) this.nowMs = deviceDue;
        device.run(this.nowMs);
        continue;
      }
      if (!next) break;
      if (next.dueMs > this.nowMs) this.nowMs = next.dueMs;
      next.dueMs += next.intervalMs;
      next.callback();
    }
    if (endMs > this.nowMs) this.nowMs = endMs;
  }
}
