// The progress bar's one line, laid out for the terminal's width: the words first (step, phase,
// drill depth, time), since they are what a user reads, then a bar in what room is left. Words
// that do not fit go, least telling first (the bar goes before the drill's depth does), and the
// line never reaches the last column, where a terminal would wrap it.

export interface ProgressState {
  readonly step: number;
  readonly steps: number;
  readonly phase: string;
  /** The drill's depth and the depth the running feed goes to, while drilling. */
  readonly drill?: { readonly depthMm: number; readonly targetMm?: number };
  readonly elapsed: string;
  readonly remaining: string;
}

const BAR_MIN = 10;
const BAR_MAX = 40;

function bar(fraction: number, width: number): string {
  const done = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"=".repeat(done)}${"-".repeat(width - done)}]`;
}

export function progressLine(state: ProgressState, columns: number): string {
  const room = Math.max(1, columns - 1);
  const parts = [
    `step ${state.step}/${state.steps}`,
    state.phase,
    state.drill
      ? `drill ${state.drill.depthMm.toFixed(0)}${state.drill.targetMm === undefined ? "" : `/${state.drill.targetMm.toFixed(0)}`} mm`
      : undefined,
    `${state.elapsed} elapsed`,
    state.remaining,
  ].filter((part): part is string => part !== undefined);
  const fraction = state.steps > 0 ? state.step / state.steps : 0;
  // Step, phase and the drill's depth come before the bar; the times only where there is room.
  const essential = state.drill ? 3 : 2;
  // With a bar: as many words as leave it BAR_MIN columns.
  for (let n = parts.length; n >= essential; n--) {
    const text = parts.slice(0, n).join(" | ");
    const width = Math.min(BAR_MAX, room - text.length - 3);
    if (width >= BAR_MIN) return `${text} ${bar(fraction, width)}`;
  }
  // No room for a bar: the words that fit.
  for (let n = parts.length; n >= 1; n--) {
    const text = parts.slice(0, n).join(" | ");
    if (text.length <= room) return text;
  }
  return (parts[0] ?? "").slice(0, room);
}
