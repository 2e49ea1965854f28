import type { SingleBar } from "cli-progress";
import { lazyCliProgress } from "../lazy";
import { UserError } from "../errors";
import { duration } from "../labels";
import type { Step } from "../../../firmware/sequence/steps";
import { Phase } from "../../../firmware/sequence/phases";
import { progressLine, type ProgressState } from "./progress-line";

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

/** The feed a step belongs to: the last feed at or before it in the same phase, where a mission has one. */
export function feedTarget(steps: readonly Step[], index: number): number | undefined {
  const phase = steps[index]?.phase;
  for (let i = Math.min(index, steps.length - 1); i >= 0 && steps[i]?.phase === phase; i--) {
    const step = steps[i];
    if (step?.kind === "feed") return step.depthMm;
  }
  return undefined;
}

/**
 * The drill's depth while the lander drills, against the depth its feed goes to where the
 * mission is known (`t.step` is the step it is on).
 */
export function drillProgress(
  t: { readonly phase: number; readonly step: number; readonly depthMm: number },
  steps: readonly Step[] | undefined,
): ProgressState["drill"] {
  if (t.phase !== Phase.Drilling) return undefined;
  return { depthMm: t.depthMm, targetMm: steps ? feedTarget(steps, t.step) : undefined };
}

/**
 * A mission's progress bar on stderr (so stdout keeps only the lines a script reads): step of
 * steps, phase, the drill's depth while it drills, time elapsed and the estimate of what is
 * left, laid out for the terminal's width (progress-line.ts). `farside run` and `farside
 * replay` feed it the lander's telemetry, several times a second, so it moves during long steps.
 */
export class MissionProgress {
  private readonly bar: SingleBar;
  private state: ProgressState;

  constructor(
    private readonly steps: number,
    private readonly estimateMs: number | undefined,
    private readonly columns: () => number = () => process.stderr.columns || 80,
  ) {
    this.state = { step: 0, steps, phase: "starting", elapsed: "0 s", remaining: this.remaining(0) };
    this.bar = new (lazyCliProgress().SingleBar)({
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 250,
      format: () => progressLine(this.state, this.columns()),
      hideCursor: true,
      clearOnComplete: false,
    });
    this.bar.start(steps, 0);
  }

  update(step: number, phase: string, elapsedMs: number, drill?: ProgressState["drill"]): void {
    const shown = Math.min(step, this.steps);
    this.state = {
      step: shown,
      steps: this.steps,
      phase,
      drill,
      elapsed: duration(elapsedMs),
      remaining: this.remaining(elapsedMs),
    };
    this.bar.update(shown);
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
