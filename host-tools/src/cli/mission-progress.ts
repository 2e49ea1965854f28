import type { SingleBar } from "cli-progress";
import { lazyCliProgress } from "../lazy";
import { UserError } from "../errors";
import { duration } from "../labels";

/** run and replay show a mission's progress the same way, so they declare the option the same way. */
export const PROGRESS_OPTION = [
  "--progress <how>",
  "bar (phase, step, elapsed and remaining time) or lines; a bar on a terminal",
] as const;

/** `--progress bar|lines`: a bar by default only where stderr is a terminal. */
export function wantsBar(progress: string | undefined): boolean {
  if (progress !== undefined && progress !== "bar" && progress !== "lines")
    throw new UserError(`--progress takes bar or lines, not ${JSON.stringify(progress)}`);
  return progress === "bar" || (progress === undefined && process.stderr.isTTY === true);
}

/**
 * A mission's progress bar on stderr (so stdout keeps only the lines a script reads): step of
 * steps, phase, time elapsed and the estimate of what is left. `farside run` feeds it the
 * lander's telemetry; `farside replay` its own schedule.
 */
export class MissionProgress {
  private readonly bar: SingleBar;

  constructor(
    private readonly steps: number,
    private readonly estimateMs: number | undefined,
  ) {
    this.bar = new (lazyCliProgress().SingleBar)({
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 250,
      format: "{bar} step {value}/{total} | {phase} | {elapsed} elapsed, {remaining}",
      hideCursor: true,
      clearOnComplete: false,
    });
    this.bar.start(steps, 0, {
      phase: "starting",
      elapsed: "0 s",
      remaining: this.remaining(0),
    });
  }

  update(step: number, phase: string, elapsedMs: number): void {
    this.bar.update(Math.min(step, this.steps), {
      phase,
      elapsed: duration(elapsedMs),
      remaining: this.remaining(elapsedMs),
    });
  }

  /** The estimate cannot know how long a stalled drill backs off and retries: past it, say by how much. */
  private remaining(elapsedMs: number): string {
    if (!this.estimateMs) return "? to go";
    const left = this.estimateMs - elapsedMs;
    return left >= 0 ? `${duration(left)} to go` : `${duration(-left)} over the estimate`;
  }

  stop(): void {
    this.bar.stop();
  }
}
