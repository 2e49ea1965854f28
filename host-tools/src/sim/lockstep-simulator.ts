// The simulated lander joined to a host in the same process: the firmware in XS behind a
// LanderPipe, and the host's clock (replies, heartbeats, polls) on the simulator's own time.
// Both sides wait for each other, so `--speed max` is as fast as the engine and the same seed
// and inputs give the same conversation, byte for byte, at any speed. No pseudo-terminal: a
// program outside this process cannot reach this lander (`farside sim` makes one for that).
import type { BoardConfig } from "../../../firmware/board/config";
import type { ByteTransport } from "../link/byte-transport";
import { LanderPipe, PUMP_MS } from "./lander-pipe";
import { LockstepClock } from "./lockstep-clock";
import type { BootOptions } from "./protocol";
import { VirtualLander } from "./virtual-lander";

export interface LockstepOptions extends BootOptions {
  /** Virtual ms per wall ms: 1 is real time; Infinity (the default) as fast as the engine goes. */
  readonly speed?: number;
}

/** The longest stretch of lander time moved in one go when neither side has anything due sooner. */
const MAX_STEP_MS = 1000;
/**
 * Wall ms of lander time a paced simulator moves per step: what a person watching (a dashboard
 * click, Ctrl-C) waits at most for the lander to see it.
 */
const PACED_STEP_WALL_MS = 20;
/** Behind the wall clock by more than this (the machine stalled), a paced run takes it as its new start. */
const MAX_CATCH_UP_MS = 100;

export class LockstepSimulator {
  readonly clock: LockstepClock;
  private readonly pipe: LanderPipe;
  private stopped = false;
  private finished = false;
  private begun = false;
  private readonly tasks: (() => Promise<void>)[] = [];
  /** The speed changed: the pacing starts again from the next step. */
  private repace = false;
  private running: Promise<void> = Promise.resolve();

  private constructor(
    readonly lander: VirtualLander,
    private speed: number,
  ) {
    this.clock = new LockstepClock(lander.simMs, () => this.begin());
    this.pipe = new LanderPipe(lander, { onHostWrite: () => this.begin() });
  }

  /** Boots the firmware and starts time; the host talks to it over `transport` on `clock`. */
  static async start(board: BoardConfig, options: LockstepOptions = {}): Promise<LockstepSimulator> {
    const speed = options.speed ?? Infinity;
    if (!(speed > 0)) throw new RangeError(`speed must be above 0, not ${speed}`);
    const lander = await VirtualLander.boot(board, { ...options, keepTrace: false });
    return new LockstepSimulator(lander, speed);
  }

  /** The lander's end of the link, for a LanderClient built with `clock`. */
  get transport(): ByteTransport {
    return this.pipe;
  }

  /**
   * Changes the pace from the next step on: a run at --speed max that keeps serving its
   * dashboard afterwards goes on in real time instead of spinning the lander's clock.
   */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be above 0, not ${speed}`);
    this.speed = speed;
    this.repace = true;
  }

  /**
   * Time starts when the host first writes or sets a timer, not at boot: whatever the host did
   * before (reading files, opening a log) took no lander time, so every run starts its
   * conversation at the same lander moment.
   */
  private begin(): void {
    if (this.begun || this.stopped) return;
    this.begun = true;
    this.running = this.run();
  }

  /**
   * Runs `task` on the lander between two steps (the next), not beside one: a world read the
   * host awaits then falls at the same lander moment at any speed.
   */
  between<T>(task: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error("the simulator has stopped"));
    return new Promise<T>((resolve, reject) => {
      this.tasks.push(() => task().then(resolve, reject));
      this.begin();
    });
  }

  private async run(): Promise<void> {
    // Begun from inside the host's first write or timer: let it finish what it was doing.
    await new Promise((resolve) => setImmediate(resolve));
    let wallStart = performance.now();
    let simStart = this.lander.simMs;
    try {
      while (!this.stopped) {
        for (let task = this.tasks.shift(); task; task = this.tasks.shift()) await task();
        const maxStep = this.speed === Infinity ? MAX_STEP_MS : Math.max(PUMP_MS, PACED_STEP_WALL_MS * this.speed);
        const now = this.lander.simMs;
        const budget = Math.min(maxStep, this.clock.nextDueMs() - now);
        if (budget > 0) await this.pipe.stepUntil(budget, this.clock.expecting());
        await this.clock.advanceTo(this.lander.simMs);
        // The speed may have changed while this step ran: pace from here, at the new one.
        if (this.repace) {
          this.repace = false;
          wallStart = performance.now();
          simStart = this.lander.simMs;
        }
        if (this.speed === Infinity) continue;
        const aheadMs = (this.lander.simMs - simStart) / this.speed - (performance.now() - wallStart);
        if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
        else if (aheadMs < -MAX_CATCH_UP_MS) {
          wallStart = performance.now();
          simStart = this.lander.simMs;
        }
      }
    } catch {
      // The engine died: the pipe has already told the host, naming it (lander-pipe.ts).
      this.finish();
    }
  }

  /** Stops time, ends the link and closes the engine. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.running;
    this.finish();
  }

  private finish(): void {
    this.stopped = true;
    if (this.finished) return;
    this.finished = true;
    this.clock.release();
    void this.pipe.close();
    this.lander.close();
    // What still waits for a turn finds the engine gone, and says so.
    for (const task of this.tasks.splice(0)) void task();
  }
}
