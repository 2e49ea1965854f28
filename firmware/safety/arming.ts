/** Two minutes: longer than a person at a REPL pauses between moves, short enough that a host gone for good does not leave it armed. */
export const ARM_IDLE_MS = 120_000;

/**
 * Whether motion commands from a host are obeyed. Off at boot, so every reset disarms; on only
 * by an explicit arm command; off again by whatever the lander decides must disarm it (e-stop, a
 * fault, a lost host, a disarm command) and by a long silence from every host while idle.
 */
export class Arming {
  private armed = false;
  private lastHeardMs = 0;

  constructor(
    private readonly idleMs: number,
    /** Told of every change, and only of changes. */
    private readonly changed: (armed: boolean, nowMs: number) => void,
  ) {}

  get isArmed(): boolean {
    return this.armed;
  }

  arm(nowMs: number): void {
    this.lastHeardMs = nowMs;
    this.set(true, nowMs);
  }

  disarm(nowMs: number): void {
    this.set(false, nowMs);
  }

  /** Any whole message from any host. */
  heard(nowMs: number): void {
    this.lastHeardMs = nowMs;
  }

  /** Each control tick while no sequence runs: a long silence disarms. */
  checkIdle(nowMs: number): void {
    if (this.armed && nowMs - this.lastHeardMs > this.idleMs) this.set(false, nowMs);
  }

  private set(on: boolean, nowMs: number): void {
    if (on === this.armed) return;
    this.armed = on;
    this.changed(on, nowMs);
  }
}
