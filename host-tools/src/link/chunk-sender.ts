// A mission's chunks sent through a window of a few in flight: a chunk the lander reports bad
// or out of order, or that goes unacknowledged, is sent again from where the lander says.
import { Result } from "../../../firmware/protocol/codec";
import { UserError } from "../errors";
import { RefusedError } from "./client-errors";
import type { LanderMessage } from "./lander-decode";
import { sleep, type HostClock } from "./host-clock";

type ChunkAck = Extract<LanderMessage, { kind: "chunk-ack" }>;

export interface ChunkLink {
  /** Chunks in flight before the first is acknowledged. */
  readonly window: number;
  /** Tries of one chunk (twice this many, counting timeouts) before giving up. */
  readonly attempts: number;
  /** Sends chunk `seq`, the mission's bytes from `start` to `end`. */
  write(seq: number, start: number, end: number): Promise<void>;
  /** The next chunk ack, or undefined after a reply's timeout. */
  nextAck(): Promise<ChunkAck | undefined>;
  /** Lets acks already on their way arrive and be discarded before resending from a new base. */
  drain(): Promise<void>;
  onProgress?: (sent: number, total: number) => void;
}

/** Chunks a mission of `length` bytes travels in, `chunkBytes` a chunk (the last may be short). */
export function chunkCount(length: number, chunkBytes: number): number {
  return Math.ceil(length / chunkBytes);
}

/** Sends every chunk until the lander has acknowledged them all; returns how many were sent again. */
export async function sendChunks(mission: Uint8Array, chunkBytes: number, link: ChunkLink): Promise<number> {
  const count = chunkCount(mission.length, chunkBytes);
  let base = 0;
  let next = 0;
  let resent = 0;
  let tries = 0;
  while (base < count) {
    while (next < count && next < base + link.window) {
      const start = next * chunkBytes;
      const end = Math.min(start + chunkBytes, mission.length);
      await link.write(next, start, end);
      next++;
    }
    const ack = await link.nextAck();
    if (!ack) {
      if (++tries >= link.attempts * 2)
        throw new UserError(`mission upload failed: chunk ${base} of ${count} never acknowledged`);
      resent += next - base;
      next = base;
      continue;
    }
    if (ack.result === Result.Ok) {
      if (ack.expected > base) {
        base = ack.expected;
        tries = 0;
        link.onProgress?.(Math.min(base * chunkBytes, mission.length), mission.length);
      }
    } else if (ack.result === Result.BadCrc || ack.result === Result.OutOfOrder) {
      if (++tries >= link.attempts * 2) throw new RefusedError(`mission chunk ${ack.seq}`, ack.result);
      resent += next - ack.expected;
      base = next = ack.expected;
      await link.drain();
    } else {
      throw new RefusedError(`mission chunk ${ack.seq}`, ack.result);
    }
  }
  return resent;
}

/** Chunk acks as they arrive, taken one at a time by the sender. */
export class ChunkAckQueue {
  private readonly acks: ChunkAck[] = [];
  private arrived: (() => void) | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: HostClock,
  ) {}

  push(ack: ChunkAck): void {
    this.acks.push(ack);
    this.arrived?.();
  }

  /** Ends a wait for the next ack now (the link closed): it finds none. */
  wake(): void {
    this.arrived?.();
  }

  clear(): void {
    this.acks.length = 0;
  }

  /** The next ack, waiting up to the reply timeout for one; undefined if none came. */
  async next(): Promise<ChunkAck | undefined> {
    if (this.acks.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = this.clock.expect(this.timeoutMs, resolve);
        this.arrived = () => {
          timer.cancel();
          resolve();
        };
      });
      this.arrived = undefined;
    }
    return this.acks.shift();
  }

  /** Lets acks already on their way arrive and be discarded before resending from a new base. */
  async drain(): Promise<void> {
    await sleep(this.clock, 20);
    this.acks.length = 0;
  }
}
