import { describe, expect, it } from "vitest";
import { JOINT_NAMES } from "../../firmware/board/config";
import { DrillState } from "../../firmware/drill/drill";
import { Refusal } from "../../firmware/lander/refusal";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import type { Step } from "../../firmware/sequence/steps";
import { Easing } from "../../firmware/servo/easing";
import { batteryPinVolts, nodeLander, type NodeLander } from "../support/node-lander";
import { compiled } from "../support/missions";

/** A lander armed for motion, as a host arms it before a mission or a jog. */
function armedLander(...args: Parameters<typeof nodeLander>): NodeLander {
  const n = nodeLander(...args);
  expect(n.lander.armMotion()).toBe(true);
  return n;
}

function runUntil(n: NodeLander, done: () => boolean, limitMs: number): boolean {
  for (let t = 0; t < limitMs; t += 20) {
    if (done()) return true;
    n.clock.advance(20);
  }
  return done();
}

function isSafe(n: NodeLander): boolean {
  const stow = n.board.poses.stow;
  return (
    n.lander.currentMode === Mode.Safe &&
    n.lander.drill.rpm === 0 &&
    n.lander.drill.depthMm === 0 &&
    JOINT_NAMES.every((name, i) => Math.abs(n.lander.arm.joints[i].angle - stow[name]) < 1e-9)
  );
}

/** Runs the default sequence until the drill is well down. */
function drillDown(n: NodeLander): void {
  expect(n.lander.start()).toBe(true);
  expect(runUntil(n, () => n.lander.drill.depthMm > 20, 60_000)).toBe(true);
}

describe("lander safety", () => {
  it("an e-stop switch mid-drill stops the spin at once, raises the drill, then stows the arm", () => {
    const n = armedLander();
    drillDown(n);
    n.state.inputs.set(n.board.estop.pin, n.board.estop.activeLevel);
    n.clock.advance(20);
    expect(n.lander.drill.rpm).toBe(0);
    expect(n.lander.currentFault).toBe(Fault.EStop);
    expect(n.lander.currentMode).toBe(Mode.Safing);
    // The arm waits for the drill to clear the ground before it moves.
    const armBefore = n.lander.arm.joints.map((joint) => joint.angle);
    n.clock.advance(1000);
    expect(n.lander.drill.depthMm).toBeGreaterThan(0);
    expect(n.lander.arm.joints.map((joint) => joint.angle)).toEqual(armBefore);
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
  });

  it("refuses to start while the e-stop is tripped, and starts once it is released", () => {
    const n = armedLander();
    n.state.inputs.set(n.board.estop.pin, n.board.estop.activeLevel);
    n.clock.advance(100);
    expect(n.lander.start()).toBe(false);
    expect(n.lander.armMotion()).toBe(false);
    n.state.inputs.set(n.board.estop.pin, n.board.estop.activeLevel === 1 ? 0 : 1);
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
    // The e-stop disarmed it: released, it still waits to be armed again.
    expect(n.lander.start()).toBe(false);
    expect(n.lander.armMotion()).toBe(true);
    expect(n.lander.start()).toBe(true);
    expect(n.lander.currentFault).toBe(Fault.None);
  });

  it("the e-stop command latches like the switch", () => {
    const n = armedLander();
    drillDown(n);
    n.lander.estop();
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
    expect(n.events.filter((e) => e.type === "fault").map((e) => e.value)).toEqual([Fault.EStop]);
  });

  it("a drill stall backs off and retries slower, then faults to the safe state", () => {
    const n = armedLander();
    const load = n.board.drill.load!;
    drillDown(n);
    // Current sense pinned well above the stall threshold: the bit is on rock.
    n.state.analog.set(load.pin, (load.stallAmps * 2) / load.ampsPerVolt);
    const deepest = n.lander.drill.depthMm;
    expect(runUntil(n, () => n.lander.drill.state === DrillState.BackingOff, 1000)).toBe(true);
    expect(runUntil(n, () => n.lander.drill.state === DrillState.Pausing, 2000)).toBe(true);
    expect(n.lander.drill.depthMm).toBeLessThan(deepest);
    expect(runUntil(n, () => n.lander.currentFault === Fault.DrillStall, 60_000)).toBe(true);
    expect(n.lander.drill.retries).toBe(0);
    n.state.analog.set(load.pin, 0);
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
    expect(n.events.filter((e) => e.type === "fault").map((e) => e.value)).toEqual([Fault.DrillStall]);
  });

  it("a host that streams motion and falls silent makes the lander safe", () => {
    const n = armedLander("esp32-devkitc", { hostTimeoutMs: 1000 });
    drillDown(n);
    n.lander.watchHost(true);
    for (let i = 0; i < 10; i++) {
      n.clock.advance(500);
      n.lander.noteWatchedHostHeard();
    }
    expect(n.lander.currentFault).toBe(Fault.None);
    n.clock.advance(1100);
    expect(n.lander.currentFault).toBe(Fault.LostHost);
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
  });

  it("three overlong ticks in a row trip the watchdog", () => {
    const n = armedLander();
    drillDown(n);
    // Each stalled tick spends 50 ms of the 20 ms period inside the tick.
    let stall = 0;
    const tick = n.lander.tick.bind(n.lander);
    n.lander.tick = (nowMs: number) => {
      tick(nowMs);
      if (stall-- > 0) n.clock.spend(50);
    };
    stall = 2;
    n.clock.advance(200);
    expect(n.lander.currentFault).toBe(Fault.None);
    stall = 3;
    n.clock.advance(200);
    expect(n.lander.currentFault).toBe(Fault.TickOverrun);
    expect(n.lander.loop.overruns).toBeGreaterThanOrEqual(5);
  });

  it("counts overlong ticks at rest but faults only when something moves", () => {
    // An upload at 921600 baud keeps the thread busy past a period while the lander is idle.
    const n = nodeLander();
    n.clock.advance(200);
    const tick = n.lander.tick.bind(n.lander);
    let stall = 5;
    n.lander.tick = (nowMs: number) => {
      tick(nowMs);
      if (stall-- > 0) n.clock.spend(50);
    };
    n.clock.advance(400);
    expect(n.lander.loop.overruns).toBeGreaterThanOrEqual(5);
    expect(n.lander.currentFault).toBe(Fault.None);
  });

  it("abort brings it to the safe state without a fault", () => {
    const n = armedLander();
    drillDown(n);
    n.lander.abort();
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
    expect(n.lander.currentFault).toBe(Fault.None);
  });
});

describe("abort in every phase", () => {
  const phases = [
    Phase.SelfTest,
    Phase.Drilling,
    Phase.CoreTransfer,
    Phase.Scooping,
    Phase.Sealing,
    Phase.Transfer,
    Phase.Flag,
    Phase.Liftoff,
  ];
  it.each(phases)("aborting in phase %i ends stowed with the drill stopped and raised", (phase) => {
    const n = armedLander();
    expect(n.lander.start()).toBe(true);
    expect(runUntil(n, () => n.lander.status.phase === phase, 300_000)).toBe(true);
    n.clock.advance(400);
    n.lander.abort();
    expect(runUntil(n, () => isSafe(n), 60_000)).toBe(true);
    expect(n.lander.status.ascender).toBe(false);
    expect(n.lander.currentFault).toBe(Fault.None);
  });
});

describe("lander sequencing", () => {
  it("pause freezes every axis and resume finishes the step", () => {
    const n = armedLander();
    drillDown(n);
    expect(n.lander.pause()).toBe(true);
    const depth = n.lander.drill.depthMm;
    n.clock.advance(3000);
    expect(n.lander.drill.depthMm).toBe(depth);
    expect(n.lander.currentMode).toBe(Mode.Paused);
    expect(n.lander.resume()).toBe(true);
    n.clock.advance(2000);
    expect(n.lander.drill.depthMm).toBeGreaterThan(depth);
  });

  it("the start button starts the default sequence on release-press, not when held through boot, without arming", () => {
    const n = nodeLander();
    n.clock.advance(100);
    n.state.inputs.set(n.board.start.pin, n.board.start.activeLevel);
    n.clock.advance(100);
    expect(n.lander.currentMode).toBe(Mode.Running);
  });

  it("refuses a sequence that goes back a phase, or names a pose the board lacks", () => {
    const n = armedLander();
    const scoop: Step = { kind: "pose", phase: Phase.Scooping, pose: "site1", ms: 0, easing: Easing.Trapezoid };
    const drill: Step = { kind: "spin", phase: Phase.Drilling, rpm: 300 };
    expect(n.lander.start([scoop, drill])).toBe(false);
    expect(n.lander.start([{ ...scoop, pose: "moon" }])).toBe(false);
    expect(n.lander.start([{ kind: "feed", phase: Phase.Drilling, depthMm: 500, rateMmS: 1 }])).toBe(false);
    expect(n.lander.currentMode).toBe(Mode.Idle);
  });

  it("refuses to feed the drill down while the bit is not spinning", () => {
    const n = armedLander();
    expect(n.lander.start([{ kind: "feed", phase: Phase.Drilling, depthMm: 10, rateMmS: 2 }])).toBe(true);
    n.clock.advance(100);
    expect(n.lander.currentFault).toBe(Fault.StepRefused);
    expect(n.lander.drill.depthMm).toBe(0);
  });
});

describe("arming", () => {
  it("boots disarmed: no start, no jog, no resume until armed; status says so", () => {
    const n = nodeLander();
    n.clock.advance(100);
    expect(n.lander.status.armed).toBe(false);
    expect(n.lander.start()).toBe(false);
    expect(n.lander.jog(0, 120)).toBe(false);
    expect(n.lander.handControlRefusal()).toBe(Refusal.NotArmed);
    n.clock.advance(2000);
    expect(n.lander.currentMode).toBe(Mode.Idle);
    expect(n.lander.arm.joints[0].angle).toBe(n.board.poses.stow.shoulder);
    expect(n.lander.armMotion()).toBe(true);
    expect(n.lander.status.armed).toBe(true);
    expect(n.lander.jog(0, 120)).toBe(true);
    n.lander.disarmMotion();
    expect(n.lander.armMotion()).toBe(true);
    expect(n.lander.armMotion()).toBe(true);
    // Changes are events; arming again while armed is not one.
    expect(n.events.filter((e) => e.type === "armed").map((e) => e.value)).toEqual([1, 0, 1]);
  });

  it.each([
    ["the e-stop command", (n: NodeLander) => n.lander.estop()],
    ["a drill stall", (n: NodeLander) => n.state.analog.set(n.board.drill.load!.pin, 3.3)],
    [
      "a lost host",
      (n: NodeLander) => {
        n.lander.watchHost(true);
      },
    ],
  ])("disarms on %s, and starts again only once re-armed", (_name, cause) => {
    const n = armedLander("esp32-devkitc", { hostTimeoutMs: 1000 });
    drillDown(n);
    cause(n);
    expect(runUntil(n, () => n.lander.currentFault !== Fault.None, 60_000)).toBe(true);
    expect(n.lander.status.armed).toBe(false);
    n.state.analog.set(n.board.drill.load!.pin, 0);
    expect(runUntil(n, () => isSafe(n), 60_000)).toBe(true);
    expect(n.lander.start()).toBe(false);
    expect(n.lander.jog(0, 100)).toBe(false);
    expect(n.lander.armMotion()).toBe(true);
    expect(n.lander.start()).toBe(true);
  });

  it("will not arm while it is still getting safe", () => {
    const n = armedLander();
    drillDown(n);
    n.lander.estop();
    expect(n.lander.currentMode).toBe(Mode.Safing);
    expect(n.lander.armMotion()).toBe(false);
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
    expect(n.lander.armMotion()).toBe(true);
  });

  it("disarming mid-mission stops it and makes the lander safe", () => {
    const n = armedLander();
    drillDown(n);
    n.lander.disarmMotion();
    expect(n.lander.currentMode).toBe(Mode.Safing);
    expect(runUntil(n, () => isSafe(n), 30_000)).toBe(true);
    expect(n.lander.currentFault).toBe(Fault.None);
  });

  it("disarms after a long silence from every host, but not while a sequence runs or a host talks", () => {
    const n = armedLander("esp32-devkitc", { armIdleMs: 5000 });
    for (let t = 0; t < 20_000; t += 1000) {
      n.clock.advance(1000);
      n.lander.noteAnyHostMessage();
    }
    expect(n.lander.status.armed).toBe(true);
    n.clock.advance(5100);
    expect(n.lander.status.armed).toBe(false);
    expect(n.lander.armMotion()).toBe(true);
    expect(n.lander.start()).toBe(true);
    // A mission runs on without a host (farside run's unwatched session): arming holds while it runs.
    n.clock.advance(30_000);
    expect(n.lander.currentMode).toBe(Mode.Running);
    expect(n.lander.status.armed).toBe(true);
  });
});

describe("lander and its flash", () => {
  it("refuses a mission flash would not keep, and keeps the one it had", () => {
    const n = nodeLander();
    const mission = compiled([{ kind: "selftest", phase: Phase.SelfTest }], "kept only in RAM");
    n.flash.failSets = true;
    expect(n.lander.loadMission(mission, mission.length)).toBe(Refusal.FlashWriteFailed);
    expect(n.lander.missionRefusal.text()).toBe("flash write failed");
    expect(n.lander.missionName).toBe("default");
    n.flash.failSets = false;
    expect(n.lander.loadMission(mission, mission.length)).toBe(Refusal.None);
    expect(n.lander.missionName).toBe("kept only in RAM");
  });
});

describe("lander status", () => {
  /** A lander whose battery pin counts its ADC reads. */
  function countingBattery(): { n: NodeLander; reads: () => number; setVolts: (volts: number) => void } {
    const n = nodeLander();
    const battery = n.board.battery;
    if (!battery) throw new Error("the test board has a battery sense");
    let reads = 0;
    let pinVolts = batteryPinVolts(n.board);
    n.state.analog.delete(battery.pin);
    n.state.analogSource = (pin) => {
      if (pin !== battery.pin) return undefined;
      reads++;
      return pinVolts;
    };
    return { n, reads: () => reads, setVolts: (volts) => (pinVolts = batteryPinVolts(n.board, volts)) };
  }

  it("is filled in when read, as the latest tick left the lander", () => {
    const { n, setVolts } = countingBattery();
    n.clock.advance(200);
    setVolts(6.5);
    n.clock.advance(20);
    const s = n.lander.status;
    expect(s.ticks).toBe(n.lander.loop.ticks);
    expect(s.nowMs).toBe(n.clock.ticks - (n.clock.ticks % 20));
    expect(s.batteryVolts).toBeCloseTo(6.5, 1);
    expect(s.joints).toEqual(n.lander.arm.joints.map((joint) => joint.angle));
  });

  it("lets an observer look without filling it in for the firmware, whose own read still reads the battery", () => {
    const { n, reads } = countingBattery();
    n.clock.advance(20);
    expect(n.lander.observeStatus().ticks).toBe(n.lander.loop.ticks);
    expect(reads()).toBe(1);
    void n.lander.status;
    expect(reads()).toBe(2);
    void n.lander.observeStatus();
    void n.lander.status;
    expect(reads()).toBe(2);
  });

  it("reads the battery once per read after a tick, not on every tick", () => {
    const { n, reads } = countingBattery();
    n.clock.advance(1000);
    expect(reads()).toBe(0);
    void n.lander.status;
    void n.lander.status;
    expect(reads()).toBe(1);
    n.clock.advance(20);
    void n.lander.status;
    expect(reads()).toBe(2);
  });
});
