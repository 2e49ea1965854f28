// Run-log lines as farside writes them, for tests of the report that need a log of their own.
import { blankTelemetry } from "../../firmware/protocol/telemetry";
import type { TelemetryLine } from "../../host-tools/src/runlog/format";

/** A telemetry line: mid-mission values, with whatever the test cares about set. */
export function telemetryLogLine(t: number, lander: Partial<TelemetryLine["lander"]> = {}): string {
  const values: TelemetryLine["lander"] = blankTelemetry({
    nowMs: t,
    mode: 1,
    phase: 1,
    joints: [20, 160, 90, 10],
    rpm: 300,
    loadAmps: 0.5,
    batteryVolts: 7.4,
    lid: 10,
    longestTickMs: 3,
    ...lander,
  });
  return JSON.stringify({ t, type: "telemetry", lander: values });
}

/** The start line every log opens with. */
export function startLogLine(mission: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({
    t: 0,
    type: "start",
    mission,
    board: "esp32-devkitc",
    port: "/dev/x",
    how: "upload+run",
    farside: "0.1.0",
    started: "2026-11-24T00:00:00Z",
    ...extra,
  });
}
