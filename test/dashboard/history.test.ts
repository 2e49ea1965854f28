// What the dashboard keeps for a tab that opens mid-run: one lander-time axis across a reset,
// markers by the mission's names, the report's phases on that axis, and a bound.
import { describe, expect, it } from "vitest";
import { EventKind } from "../../firmware/protocol/messages";
import { Mode } from "../../firmware/lander/status";
import { Phase } from "../../firmware/sequence/phases";
import { HISTORY_LINES, RecentHistory } from "../../host-tools/src/dashboard/history";
import type { Telemetry } from "../../host-tools/src/link/lander-decode";

function telemetry(nowMs: number): Telemetry {
  const fields = { nowMs, mode: 1, phase: 2, step: 0, fault: 0, joints: [20, 160, 90, 10], depthMm: 0, rpm: 0 };
  const rest = { loadAmps: 0, batteryVolts: 7.4, lid: 10, flag: 0, overruns: 0, clamped: 0, longestTickMs: 1 };
  const flags = { ascender: false, estop: false, hostWatched: true, armed: true };
  return { kind: "telemetry", ...fields, ...rest, ...flags };
}
const event = (kind: EventKind, value: number, nowMs: number) => ({
  kind: "event" as const,
  event: kind,
  value,
  nowMs,
});

describe("the dashboard's recent history", () => {
  it("stamps each message in lander seconds that carry on across a reset", () => {
    const history = new RecentHistory();
    expect(history.telemetry(telemetry(5000)).data.at).toBe(5);
    expect(history.telemetry(telemetry(6000)).data.at).toBe(6);
    // The lander reset: its clock starts again, the axis does not.
    expect(history.telemetry(telemetry(200)).data.at).toBe(6.2);
    expect(history.note("boot").data).toEqual({ text: "boot", at: 6.2 });
  });

  it("names a marker as the mission does", () => {
    const history = new RecentHistory(["site1 scooped", "core in"]);
    expect(history.event(event(EventKind.Marker, 1, 1000)).data).toMatchObject({ name: "core in", at: 1 });
  });

  it("finds the phases by the report's rule, on its own axis", () => {
    let host = 0;
    const history = new RecentHistory([], () => (host += 10));
    history.telemetry(telemetry(10_000));
    history.event(event(EventKind.PhaseEntered, Phase.SelfTest, 11_000));
    history.event(event(EventKind.ModeChanged, Mode.Running, 11_000));
    history.event(event(EventKind.PhaseEntered, Phase.Drilling, 14_000));
    history.telemetry(telemetry(20_000));
    expect(history.phases()).toEqual([
      { name: "self-test", startS: 11, endS: 14 },
      { name: "drilling", startS: 14, endS: 20 },
    ]);
  });

  it("keeps at most its bound, dropping the oldest telemetry before any event", () => {
    const history = new RecentHistory();
    history.event(event(EventKind.PhaseEntered, Phase.SelfTest, 0));
    for (let i = 1; i <= HISTORY_LINES + 10; i++) history.telemetry(telemetry(i * 100));
    const kept = history.messages();
    expect(kept).toHaveLength(HISTORY_LINES);
    expect(kept[0]?.kind).toBe("event");
    // One event and HISTORY_LINES + 10 readings: the first 11 readings went.
    expect(kept[1]?.data.at).toBe(1.2);
  });
});
