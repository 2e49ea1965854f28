// What the lander says, as the commands that watch it print it: one status line from a
// telemetry record (monitor's live line, and the console's to come). Names come from labels.ts.
import type { Telemetry } from "../link/lander-decode";
import { clock, modeLabel, phaseLabel } from "../labels";

/** Lander time, mode, phase, step, joints, drill, battery and the flags that matter, on one line. */
export function statusLine(t: Telemetry): string {
  const joints = t.joints.map((angle) => angle.toFixed(0)).join("/");
  return `${clock(t.nowMs)}  ${modeLabel(t.mode).padEnd(8)} ${phaseLabel(t.phase).padEnd(13)} step ${String(t.step).padStart(3)}  joints ${joints}°  drill ${t.depthMm.toFixed(1)} mm ${t.rpm} rpm ${t.loadAmps.toFixed(2)} A  battery ${t.batteryVolts.toFixed(2)} V${t.armed ? "  ARMED" : ""}${t.estop ? "  E-STOP" : ""}`;
}
