import { describe, expect, it } from "vitest";
import { EventKind } from "../../firmware/protocol/codec";
import { eventLine } from "../../host-tools/src/runlog/event";

const event = (kind: number, value: number) => ({ kind: "event" as const, event: kind, nowMs: 1234, value });

describe("lander events in the run log", () => {
  it("names each kind and its value, the mission's own marker names included", () => {
    expect(eventLine(event(EventKind.PhaseEntered, 2))).toEqual({
      type: "event",
      event: "phase",
      value: 2,
      name: "drilling",
      landerMs: 1234,
    });
    expect(eventLine(event(EventKind.Reset, 2))).toMatchObject({ event: "reset", name: "brownout" });
    expect(eventLine(event(EventKind.Marker, 1), ["core drilled", "site1 scooped"])).toMatchObject({
      event: "marker",
      name: "site1 scooped",
    });
    expect(eventLine(event(EventKind.Armed, 0))).toMatchObject({ event: "armed", value: 0, name: "disarmed" });
    expect(eventLine(event(EventKind.StepDone, 7))).toEqual({ type: "event", event: "step", value: 7, landerMs: 1234 });
    expect(eventLine(event(99, 1))).toMatchObject({ event: "event 99", value: 1 });
  });
});
