import type { TickSource, TimerService } from "../../../../firmware/platform/host";

interface VirtualTimer {
  dueMs: number;
  readonly intervalMs: number;
  readonly callback: () => void;
  cleared: boolean;
}

/** Messages an interrupt may have waiting for the thread at once (a UART posts at most two). */
const MESSAGE_SLOTS = 8;

/** Something on the board that acts by itself at times it chooses: the UART, a supply monitor. */
export interface DeviceTask {
  /** Simulation time of its next action, or Infinity. */
  nextDueMs(): number;
  run(simMs: number): void;
}

/**
 * How the firmware's JavaScript is charged for: a counter of work done (XS computrons) and the
 * lander milliseconds one unit of it takes on the chip. Without a meter the firmware is free.
 */
export interface CpuCost {
  /**
   * Reads the counter and starts it again from zero: what it counted since the last read. Called
   * with (0, 0), the arguments xsnap's resetMeter takes to do that, so that the host function
   * itself can be this (cpu-cost.ts) and a read costs no JavaScript call of its own.
   */
  readonly takeMeter: (limit: 0, count: 0) => number;
  /** Where every read's units are summed: what the counter would have shown had none been taken. */
  readonly taken: { units: number };
  readonly msPerUnit: number;
  /** What calling into JavaScript costs on top of the work: never 0, so a callback that posts itself again cannot stop time. */
  readonly dispatchMs: number;
}

const FREE: CpuCost = { takeMeter: () => 0, taken: { units: 0 }, msPerUnit: 0, dispatchMs: 0.001 };

// Read once: in XS a global's name is looked up on every use, and advance() runs a dozen of
// these a control tick.
const NEVER = Infinity;
const { floor } = Math;

/**
 * A fixed ring's storage: a plain array, which XS indexes in its interpreter loop, where a
 * typed array's every element is a call to a host getter or setter.
 */
export function slots(count: number): number[] {
  return new Array<number>(count).fill(0);
}

/**
 * Moddable's `timer` and `time` modules over virtual time, and the chip's one JavaScript
 * thread. Time moves only when the host calls advance(), so a run is the same however fast or
 * slow the PC is, and a three-minute mission can run in a fraction of a second.
 *
 * The firmware's callbacks (timers, and the UART's onReadable/onWritable, which the chip posts
 * to the thread from an interrupt) run one at a time. Each one keeps the thread busy for the
 * time its work costs (`cost`); meanwhile the devices go on (bytes arrive, the FIFO fills and
 * drains) and nothing else of the firmware runs, as on the chip. An exception that escapes a
 * callback restarts the chip (`onUncaught`), as Moddable's xsEndHost does on the ESP32.
 *
 * Two clocks in one: simulation time runs on through a reset, while the firmware's `ticks`
 * restart from zero at each boot, as the ESP32's do.
 */
export class VirtualClock implements TimerService, TickSource {
  // The fields every native stand-in touches come first: XS finds an instance's properties by
  // walking them in order, and these are read a dozen times a control tick.
  /** Inside a stand-in for a native driver call: how deep. */
  private nativeDepth = 0;
  /**
   * The running callback's own work so far, in meter units: the firmware's JavaScript, read off
   * the meter at each native call's start and at each look at the time, never during the call.
   */
  private callUnits = 0;
  /** Set while a firmware callback runs: when it began (-1 outside one). */
  private callStartMs = -1;
  /**
   * Meter units of enterNative and leaveNative's own bookkeeping that fall outside the span they
   * leave out (the calls, up to and after the meter reads), taken off each native call's charge.
   */
  private glueUnits = 0;
  /** Milliseconds a callback blocked in a platform call (a flash write), on top of its computing. */
  private blockedMs = 0;
  /** The cost model's meter and its sum (CpuCost), what a unit costs, and whether native calls are charged at all. */
  private takeMeter: CpuCost["takeMeter"] = FREE.takeMeter;
  private taken: CpuCost["taken"] = FREE.taken;
  private msPerUnit = 0;
  private nativeCharged = false;
  private costModel: CpuCost = FREE;
  private nowMs = 0;
  private epochMs = 0;
  private busyUntilMs = 0;
  private readonly timers: VirtualTimer[] = [];
  /** Work posted to the thread from an interrupt (a UART's onReadable or onWritable), oldest first, in a ring. */
  private readonly messageAt = slots(MESSAGE_SLOTS);
  private readonly messageWork: (() => void)[] = new Array<() => void>(MESSAGE_SLOTS);
  private messageHead = 0;
  private messageCount = 0;
  private readonly devices: DeviceTask[] = [];
  /** The longest callback so far, in lander ms, for the bench and the HIL suite. */
  longestCallMs = 0;
  onUncaught: ((error: unknown) => void) | undefined;
  /**
   * The ESP-IDF task watchdog the build turns on (sdkconfig/): a callback that holds the thread
   * longer than this panics the chip. Called after such a callback; Infinity: no watchdog.
   */
  watchdogMs = Infinity;
  onWatchdog: (() => void) | undefined;
  /** Told when a firmware callback returns (or throws), with the simulation time it ended at. */
  onCallEnd: ((endMs: number) => void) | undefined;

  /** Whether a firmware callback is running now. */
  get inCallback(): boolean {
    return this.callStartMs >= 0;
  }

  get cost(): CpuCost {
    return this.costModel;
  }

  /** Charges the firmware by `cost` from now on; the stand-ins' bookkeeping is measured once here. */
  set cost(cost: CpuCost) {
    this.costModel = cost;
    this.takeMeter = cost.takeMeter;
    this.taken = cost.taken;
    this.msPerUnit = cost.msPerUnit;
    this.nativeCharged = cost.msPerUnit > 0;
    this.glueUnits = 0;
    if (cost.msPerUnit > 0) this.glueUnits = this.measureGlue();
  }

  /**
   * XS counts the same computrons for the same code every time, so what a native stand-in's
   * bookkeeping costs can be measured once: a stand-in with an empty body against an empty
   * function (calling either costs the caller the same as calling a host function), inside a
   * pretend callback so the stand-in runs its full path.
   */
  private measureGlue(): number {
    // Shaped as the stand-ins are (virtual-pwm.ts and its siblings): a method that brackets its work with the
    // clock it closes over, and returns.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the stand-ins reach the clock through a closure
    const clock = this;
    const standIn = {
      call(value: number): number {
        clock.enterNative();
        clock.leaveNative(0);
        return value;
      },
    };
    const plain = {
      call(value: number): number {
        return value;
      },
    };
    // Both measured the same way: what the callback was charged, up to a read just after the call.
    const take = this.takeMeter;
    const taken = this.taken;
    this.callStartMs = this.nowMs;
    this.nativeDepth = 0;
    this.callUnits = 0;
    taken.units += take(0, 0);
    standIn.call(1);
    let end = take(0, 0);
    const withGlue = this.callUnits + end;
    taken.units += end;
    this.callUnits = 0;
    taken.units += take(0, 0);
    plain.call(1);
    end = take(0, 0);
    const without = this.callUnits + end;
    taken.units += end;
    this.callStartMs = -1;
    this.callUnits = 0;
    this.blockedMs = 0;
    return withGlue > without ? withGlue - without : 0;
  }

  /** Milliseconds since the firmware booted: what Moddable's Time.ticks returns (whole ms). */
  get ticks(): number {
    return floor(this.simMs - this.epochMs);
  }

  /** Milliseconds since the simulation began, across resets; inside a callback, how far it has got. */
  get simMs(): number {
    if (this.callStartMs < 0) return this.nowMs;
    // A native call takes no time of its own until it returns: it is where it began.
    if (this.nativeDepth === 0) {
      const units = this.takeMeter(0, 0);
      this.taken.units += units;
      this.callUnits += units;
    }
    return this.callStartMs + this.callUnits * this.msPerUnit + this.blockedMs;
  }

  addDevice(task: DeviceTask): void {
    this.devices.push(task);
  }

  /** The firmware reset: its timers and pending messages are gone and its ticks start again from zero. */
  restartFirmware(): void {
    for (let i = 0; i < this.timers.length; i++) this.timers[i].cleared = true;
    this.timers.length = 0;
    this.messageCount = 0;
    this.epochMs = this.simMs;
  }

  repeat(callback: () => void, interval: number): VirtualTimer {
    const timer: VirtualTimer = { dueMs: this.simMs + interval, intervalMs: interval, callback, cleared: false };
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

  /** An interrupt hands the firmware's thread some work: it runs as soon as the thread is free. */
  post(work: () => void): void {
    if (this.messageCount === MESSAGE_SLOTS) throw new Error("virtual clock: message queue full");
    const slot = (this.messageHead + this.messageCount) % MESSAGE_SLOTS;
    this.messageAt[slot] = this.simMs;
    this.messageWork[slot] = work;
    this.messageCount++;
  }

  /**
   * Time spent blocked inside a platform call (a flash write erasing a page). Inside a callback
   * it lengthens the callback; outside one (a test poking the clock) it just moves time on.
   */
  spend(ms: number): void {
    if (this.callStartMs >= 0) this.blockedMs += ms;
    else this.nowMs += ms;
  }

  /**
   * Work that is not the firmware's JavaScript begins: a call into what is C on the chip (an IO
   * driver), or the simulator's own physics. Its JavaScript here is not charged; calls nest, and
   * only the outermost is measured. Pair with leaveNative; no closure, so it allocates nothing.
   */
  enterNative(): void {
    if (this.nativeDepth++ === 0) {
      // Up to here, the caller's work; outside a callback nobody is charged, and runFirmware starts afresh.
      const units = this.takeMeter(0, 0);
      this.taken.units += units;
      this.callUnits += units;
    }
  }

  /** That work ends; it cost the chip `nativeMs` instead (cpu-cost.ts NATIVE_MS; 0 for physics). */
  leaveNative(nativeMs: number): void {
    // Outside a callback (a test poking the board, the simulator's own requests) nothing is charged.
    if (--this.nativeDepth === 0) {
      // The native work's units are summed but charged to nobody.
      this.taken.units += this.takeMeter(0, 0);
      if (this.callStartMs >= 0) {
        this.callUnits -= this.glueUnits;
        if (this.nativeCharged) this.blockedMs += nativeMs;
      }
    }
  }

  /** leaveNative for a stand-in about to throw, as the C it stands for returns with an error: `throw clock.leaveNativeWith(error, ms)`. */
  leaveNativeWith(error: Error, nativeMs: number): Error {
    this.leaveNative(nativeMs);
    return error;
  }

  /**
   * Runs every device action and firmware callback that falls due in the next `ms`, in time
   * order (devices first at equal times: a byte that arrived is there for the tick), then
   * stops at now + ms.
   */
  advance(ms: number): void {
    const endMs = this.nowMs + ms;
    // Devices are added as the board is built, never during a run; timers come and go in callbacks.
    const devices = this.devices;
    const deviceCount = devices.length;
    const timers = this.timers;
    for (;;) {
      let device: DeviceTask | undefined;
      let deviceDue = NEVER;
      for (let i = 0; i < deviceCount; i++) {
        const due = devices[i].nextDueMs();
        if (due < deviceDue) {
          deviceDue = due;
          device = devices[i];
        }
      }
      // Moddable's repeating timers keep their schedule (modules/base/timer/mc/timer.c adds the
      // interval to the trigger time before calling back): after a long callback the ticks it
      // held up fire back to back. Posted messages wait their turn the same way.
      let timer: VirtualTimer | undefined;
      for (let i = 0, count = timers.length; i < count; i++) {
        const candidate = timers[i];
        if (!timer || candidate.dueMs < timer.dueMs) timer = candidate;
      }
      const messageAt = this.messageCount > 0 ? this.messageAt[this.messageHead] : NEVER;
      const useMessage = this.messageCount > 0 && (!timer || messageAt <= timer.dueMs);
      const workDue = useMessage ? messageAt : timer ? timer.dueMs : NEVER;
      const workAt = workDue < this.busyUntilMs ? this.busyUntilMs : workDue;
      if (device && deviceDue <= endMs && deviceDue <= workAt) {
        if (deviceDue > this.nowMs) this.nowMs = deviceDue;
        device.run(this.nowMs);
        continue;
      }
      if (workAt > endMs) break;
      if (workAt > this.nowMs) this.nowMs = workAt;
      if (useMessage) {
        const work = this.messageWork[this.messageHead];
        this.messageHead = (this.messageHead + 1) % MESSAGE_SLOTS;
        this.messageCount--;
        this.runFirmware(work);
      } else if (timer) {
        timer.dueMs += timer.intervalMs;
        this.runFirmware(timer.callback);
      }
    }
    if (endMs > this.nowMs) this.nowMs = endMs;
  }

  /** One firmware callback on the thread: charged for its work, and a chip restart if it throws. */
  private runFirmware(callback: () => void): void {
    this.callStartMs = this.nowMs;
    // What the meter counted before this is the simulator's, not the callback's.
    this.taken.units += this.takeMeter(0, 0);
    this.callUnits = 0;
    this.blockedMs = 0;
    this.nativeDepth = 0;
    try {
      callback();
    } catch (error) {
      this.finishCall();
      if (this.onUncaught) this.onUncaught(error);
      else throw error;
      return;
    }
    if (this.finishCall() > this.watchdogMs) this.onWatchdog?.();
  }

  /** Ends the callback's charge; returns how long it held the thread. */
  private finishCall(): number {
    const units = this.takeMeter(0, 0);
    this.taken.units += units;
    this.callUnits += units;
    const spentMs = this.callUnits * this.msPerUnit + this.blockedMs + this.costModel.dispatchMs;
    this.busyUntilMs = this.callStartMs + spentMs;
    if (spentMs > this.longestCallMs) this.longestCallMs = spentMs;
    this.callStartMs = -1;
    this.onCallEnd?.(this.busyUntilMs);
    return spentMs;
  }
}
