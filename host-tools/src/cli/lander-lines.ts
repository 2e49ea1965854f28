// What the lander says, as the commands that watch it print it: one status line from a
// telemetry record (monitor's live line, the console's), one line per lander event, and raw
// link bytes in hex. Names come from labels.ts; the event's kind and value names from the run
// log's own mapping, so a console and a log call each event the same.
import type { LanderMessage, Telemetry } from "../link/lander-decode";
import { eventLine } from "../runlog/event";
import { clock, modeLabel, phaseLabel } from "../labels";

type LanderEvent = Extract<LanderMessage, { kind: "event" }>;

/** Lander time, mode, phase, step, joints, drill, battery and the flags that matter, on one line. */
export function statusLine(t: Telemetry): string {
  const joints = t.joints.map((angle) => angle.toFixed(0)).join("/");
  return `${clock(t.nowMs)}  ${modeLabel(t.mode).padEnd(8)} ${phaseLabel(t.phase).padEnd(13)} step ${String(t.step).padStart(3)}  joints ${joints}°  drill ${t.depthMm.toFixed(1)} mm ${t.rpm} rpm ${t.loadAmps.toFixed(2)} A  battery ${t.batteryVolts.toFixed(2)} V${t.armed ? "  ARMED" : ""}${t.estop ? "  E-STOP" : ""}`;
}

/** A lander event at its lander time: "  12.3 s  phase drilling", "FAULT stall", "armed". */
export function eventText(e: LanderEvent): string {
  const { event, value, name } = eventLine(e);
  const what =
    event === "armed"
      ? (name ?? `armed ${value}`)
      : event === "fault" && value !== 0
        ? `FAULT ${name ?? value}`
        : event === "step"
          ? `step ${value} done`
          : `${event} ${name ?? value}`;
  return `${clock(e.nowMs)}  ${what}`;
}

const HEX_ROW_BYTES = 16;

/** Bytes as rows of hex, each marked with the way they went ("rx" from the lander, "tx" to it). */
export function hexRows(way: "rx" | "tx", bytes: Uint8Array): string[] {
  const rows: string[] = [];
  for (let at = 0; at < bytes.length; at += HEX_ROW_BYTES) {
    const row = Array.from(bytes.subarray(at, at + HEX_ROW_BYTES), (b) => b.toString(16).padStart(2, "0"));
    rows.push(`${way} ${row.join(" ")}`);
  }
  return rows;
}
