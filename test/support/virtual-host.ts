// A host and the simulated lander on one virtual clock: the firmware in XS behind a LanderPipe,
// and vitest's fake timers for the host's own timers (a LanderClient's reply timeouts and
// heartbeats), moved together a pump at a time. A conversation takes no wall-clock waits, and
// comes out the same on a busy machine as on an idle one.
import { vi } from "vitest";
import type { BoardConfig } from "../../firmware/board/config";
import { LanderPipe } from "../../host-tools/src/sim/lander-pipe";
import { PUMP_MS } from "../../host-tools/src/sim/realtime-board";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

/**
 * The timers LanderClient and its chunk sender use, and the clock its heartbeat reads. setImmediate stays real: the pipe yields a
 * real macrotask turn after each delivery, and the XS worker's pipes are real I/O.
 */
const HOST_TIMERS = ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"] as const;

export class VirtualHost {
  private constructor(
    readonly lander: VirtualLander,
    /** The link to hand a LanderClient. */
    readonly pipe: LanderPipe,
  ) {}

  /** Boots the lander as SimulatedBoard.start does (no trace) and fakes the host's timers from now on. */
  static async boot(board: BoardConfig, options: Parameters<typeof VirtualLander.boot>[1] = {}): Promise<VirtualHost> {
    const lander = await VirtualLander.boot(board, { keepTrace: false, ...options });
    vi.useFakeTimers({ toFake: [...HOST_TIMERS] });
    return new VirtualHost(
      lander,
      new LanderPipe(lander, { hostTime: async (ms) => void (await vi.advanceTimersByTimeAsync(ms)) }),
    );
  }

  /** Lets `ms` of time pass on both sides, in pumps. */
  async wait(ms: number): Promise<void> {
    for (let waited = 0; waited < ms; waited += PUMP_MS) await this.pipe.step(Math.min(PUMP_MS, ms - waited));
  }

  /**
   * Runs the clock until `promise` settles, and gives its outcome: what the host is waiting for
   * (an answer, a timeout) happens in the time this moves. Fails after `limitMs` of virtual time.
   */
  async settle<T>(promise: Promise<T>, limitMs = 30_000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Once before the first step, so a promise already settled costs no time.
    await Promise.resolve();
    for (let waited = 0; !settled; waited += PUMP_MS) {
      if (waited >= limitMs) throw new Error(`nothing settled in ${limitMs} ms of virtual time`);
      await this.pipe.step(PUMP_MS);
    }
    return promise;
  }

  /** Real timers again, and the engine gone. */
  close(): void {
    vi.useRealTimers();
    this.lander.close();
  }
}
