import { describe, expect, it } from "vitest";
import { Phase } from "../../firmware/sequence/phases";
import { Easing } from "../../firmware/servo/easing";
import type { Step } from "../../firmware/sequence/steps";
import { Fault } from "../../firmware/safety/faults";
import { loadBoard } from "../../host-tools/src/boards/load";
import { faultLine, servosOfStep, StepBeforeFault } from "../../host-tools/src/fault-advice";

const board = loadBoard("esp32-devkitc");
const next = "farside run --continue";

describe("a fault line", () => {
  it("names the servo and the next step", () => {
    expect(faultLine(Fault.ServoJam, { servos: ["elbow"], next })).toBe(
      "FAULT servo jam (elbow): check its wiring and load, then farside run --continue",
    );
    expect(faultLine(Fault.ServoJam, { servos: ["shoulder", "elbow", "wrist"], next })).toBe(
      "FAULT servo jam (shoulder, elbow or wrist): check the servos' wiring and load, then farside run --continue",
    );
    expect(faultLine(Fault.ServoJam, { next })).toBe(
      "FAULT servo jam: check the servos' wiring and load, then farside run --continue",
    );
  });

  it("names the cause of a reset, and each other fault's own remedy", () => {
    expect(faultLine(Fault.Interrupted, { reset: "brownout", next })).toBe(
      "FAULT interrupted (the lander reset: brownout): check the battery and the supply, then farside run --continue",
    );
    expect(faultLine(Fault.DrillStall, { next: "run it again" })).toBe(
      "FAULT drill stall: the drill stopped in the rock: check the bit, or feed down slower, then run it again",
    );
    expect(faultLine(Fault.LostHost, { next })).toMatch(/^FAULT lost host: .*check the cable, then/);
  });
});

describe("the servos a step was moving", () => {
  const joint: Step = {
    kind: "joint",
    phase: Phase.SelfTest,
    joint: "wrist",
    angle: 120,
    ms: 500,
    easing: Easing.Linear,
  };
  const pose: Step = { kind: "pose", phase: Phase.Scooping, pose: "site1", ms: 2000, easing: Easing.Linear };

  it("is the step's joint, the pose's joints not yet in place, the lid or the feed", () => {
    expect(servosOfStep(joint, [], board)).toEqual(["wrist"]);
    const site1 = board.poses.site1!;
    // Shoulder already there, the others on their way.
    expect(servosOfStep(pose, [site1.shoulder, site1.elbow + 10, site1.wrist - 5, site1.scoop + 3], board)).toEqual([
      "elbow",
      "wrist",
      "scoop",
    ]);
    expect(servosOfStep({ kind: "lid", phase: Phase.Sealing, open: true }, [], board)).toEqual(["lid"]);
    expect(servosOfStep({ kind: "retract", phase: Phase.Drilling }, [], board)).toEqual(["feed"]);
    expect(servosOfStep({ kind: "spin", phase: Phase.Drilling, rpm: 300 }, [], board)).toEqual([]);
  });

  it("is read from the telemetry before the fault, not after it", () => {
    const before = new StepBeforeFault([joint, { kind: "lid", phase: Phase.Sealing, open: true }], board);
    before.see({ fault: 0, step: 1, joints: [20, 160, 90, 10] }, true);
    before.see({ fault: Fault.ServoJam, step: 0, joints: [20, 160, 90, 10] }, true);
    expect(before.servos()).toEqual(["lid"]);
    before.sent(0);
    expect(before.servos()).toEqual(["wrist"]);
  });
});
