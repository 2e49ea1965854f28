// The lander's telemetry record: one type for the firmware's status, the wire and the
// simulator's status, its field names derived from the wire layout.
import { TELEMETRY_BODY } from "./layouts";

/** Telemetry as numbers; LanderStatus has this shape, and so does what the host decodes. */
export interface TelemetryFields {
  nowMs: number;
  mode: number;
  phase: number;
  step: number;
  fault: number;
  readonly joints: readonly number[];
  depthMm: number;
  rpm: number;
  loadAmps: number;
  batteryVolts: number;
  lid: number;
  flag: number;
  ascender: boolean;
  estop: boolean;
  hostWatched: boolean;
  /** Motion commands are obeyed (Msg.Arm); false after boot, e-stop, fault, lost host, disarm. */
  armed: boolean;
  overruns: number;
  clamped: number;
  /** The longest control tick since boot, whole ms. */
  longestTickMs: number;
}

/** Every TelemetryFields name in wire order: each field, or each of a flags field's bits. */
export const TELEMETRY_NAMES: readonly (keyof TelemetryFields)[] = Object.freeze(
  TELEMETRY_BODY.flatMap((f) => (f.bits ?? [f.name]) as (keyof TelemetryFields)[]),
);

/** A copy of the telemetry fields of `source` (joints copied too): a snapshot that will not change under its reader. */
export function copyTelemetry(source: Readonly<TelemetryFields>): TelemetryFields {
  const copy: Record<string, unknown> = {};
  for (const name of TELEMETRY_NAMES) {
    const value = source[name];
    copy[name] = Array.isArray(value) ? value.slice() : value;
  }
  return copy as unknown as TelemetryFields;
}
