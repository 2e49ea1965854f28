// What a client waits for: each wait takes the first message that matches it, or ends with a
// timeout on the client's clock, or at once when the link closes (a simulator's clock that has
// stopped would never bring the timeout).
import type { HostClock } from "./host-clock";
import type { HostMessage } from "./host-decoder";

interface Waiter {
  /** Takes the message if it is the one awaited. */
  offer(message: HostMessage): boolean;
  abandon(): void;
}

export class ReplyWaiters {
  private readonly waiting = new Set<Waiter>();

  constructor(private readonly clock: HostClock) {}

  /** The first message `match` accepts within `timeoutMs`; rejects with "timeout" or "the link closed". */
  wait<T extends HostMessage>(match: (message: HostMessage) => message is T, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        timer.cancel();
        this.waiting.delete(waiter);
      };
      const waiter: Waiter = {
        offer: (message) => {
          if (!match(message)) return false;
          settle();
          resolve(message);
          return true;
        },
        abandon: () => {
          settle();
          reject(new Error("the link closed"));
        },
      };
      const timer = this.clock.expect(timeoutMs, () => {
        settle();
        reject(new Error("timeout"));
      });
      this.waiting.add(waiter);
    });
  }

  /** Hands `message` to the first wait it matches, oldest first. */
  offer(message: HostMessage): void {
    for (const waiter of this.waiting) if (waiter.offer(message)) return;
  }

  /** The link closed: every wait fails now. */
  abandonAll(): void {
    for (const waiter of [...this.waiting]) waiter.abandon();
  }
}
