// Uploaded missions in the firmware, in XS: they run instead of the built-in sequence, keep
// their markers and absolute times, survive a reset in flash, and obey each phase's fault policy.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { Msg, Result, writeCommand, writeHello, writeRunStep } from "../../firmware/protocol/codec";
import { Fault } from "../../firmware/safety/faults";
import { Easing } from "../../firmware/servo/easing";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy, type Step } from "../../firmware/sequence/steps";
import { encodeStep } from "../../firmware/mission/format";
import { loadBoard } from "../../host-tools/src/boards/load";
import { compiled, drillThenScoop } from "../support/missions";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");

const short: Step[] = [
  { kind: "selftest", phase: Phase.SelfTest },
  { kind: "pose", phase: Phase.SelfTest, pose: "ready", ms: 0, easing: Easing.Trapezoid, speed: 20 },
  { kind: "marker", phase: Phase.SelfTest, id: 7 },
  { kind: "until", phase: Phase.SelfTest, ms: 9000 },
  { kind: "pose", phase: Phase.SelfTest, pose: "stow", ms: 0, easing: Easing.Trapezoid },
];

describe("uploaded missions, in XS", () => {
  let link: SimLink | undefined;
  afterEach(() => link?.close());

  async function runToRest(limitMs = 300_000): Promise<void> {
    for (let t = 0; t < limitMs; t += 500) {
      await link!.send(writeCommand(link!.w, Msg.Heartbeat, 100 + ((t / 500) % 20)));
      await link!.advance(500);
      const mode = link!.lander.status.mode;
      if (mode === Mode.Complete || mode === Mode.Safe) return;
    }
  }

  it("runs the uploaded mission instead of the built-in one, with its marker, speed and absolute time", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    expect(await link.upload(compiled(short, "short"))).toBe(Result.Ok);
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 2));
    const began = link.lander.status.nowMs;
    await runToRest();
    expect(link.lander.status.mode).toBe(Mode.Complete);
    const events = link.lander.trace.events;
    expect(events.filter((e) => e.type === "marker").map((e) => e.value)).toEqual([7]);
    // 70° of shoulder travel at 20°/s is 3.5 s; the marker comes after it.
    const marker = events.find((e) => e.type === "marker")!;
    expect(marker.t - began).toBeGreaterThanOrEqual(3400);
    // The last step may not start before 9 s after the mission began.
    const lastPhase = events.filter((e) => e.type === "phase").at(-1)!;
    expect(lastPhase.t - began).toBeGreaterThanOrEqual(9000);
    expect(events.filter((e) => e.type === "step")).toHaveLength(short.length);
  });

  it("keeps the mission in flash: after a reset, Start runs it again", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    expect(await link.upload(compiled(short, "short"))).toBe(Result.Ok);
    await link.lander.reset("button");
    await link.advance(1000);
    await link.send(writeHello(link.w, 3));
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 4));
    await runToRest();
    expect(link.lander.status.mode).toBe(Mode.Complete);
    expect(link.lander.trace.events.filter((e) => e.type === "marker")).toHaveLength(1);
  });

  async function seizeWhileDrilling(policy: FaultPolicy): Promise<void> {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    expect(await link.upload(drillThenScoop(policy, board))).toBe(Result.Ok);
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 2));
    for (let i = 0; i < 40 && link.lander.status.depthMm < 10; i++) {
      await link.send(writeCommand(link.w, Msg.Heartbeat, 50 + i));
      await link.advance(250);
    }
    await link.lander.seizeDrill();
    await runToRest();
  }

  it("skips a failed phase when its policy says skip, after making safe", async () => {
    await seizeWhileDrilling(FaultPolicy.Skip);
    const events = link!.lander.trace.events;
    expect(events.filter((e) => e.type === "fault").map((e) => e.value)).toEqual([Fault.DrillStall]);
    expect(events.filter((e) => e.type === "marker").map((e) => e.value)).toEqual([1]);
    expect(link!.lander.status.mode).toBe(Mode.Complete);
    // Skipping was agreed to when the mission was armed: the fault did not disarm it.
    expect(link!.lander.status.armed).toBe(true);
  });

  it("retries a failed phase once when its policy says retry, then stops", async () => {
    await seizeWhileDrilling(FaultPolicy.Retry);
    const events = link!.lander.trace.events;
    expect(events.filter((e) => e.type === "fault").map((e) => e.value)).toEqual([Fault.DrillStall, Fault.DrillStall]);
    expect(events.filter((e) => e.type === "phase" && e.value === Phase.Drilling)).toHaveLength(2);
    expect(events.filter((e) => e.type === "marker")).toHaveLength(0);
    expect(link!.lander.status.mode).toBe(Mode.Safe);
  });

  it("stops at the first failure under the default policy, abort", async () => {
    await seizeWhileDrilling(FaultPolicy.Abort);
    expect(link!.lander.trace.events.filter((e) => e.type === "fault")).toHaveLength(1);
    expect(link!.lander.status).toMatchObject({ mode: Mode.Safe, fault: Fault.DrillStall, armed: false });
  });

  it("runs one step at a time for a watched host only, refusing it while busy or when it does not fit", async () => {
    link = await SimLink.boot(board);
    const ack = (): Result | undefined => link!.drain("ack").at(-1)?.result;
    const ready = encodeStep({ kind: "pose", phase: Phase.SelfTest, pose: "ready", ms: 0, easing: Easing.Trapezoid });
    await link.send(writeHello(link.w, 1, false));
    await link.send(writeRunStep(link.w, 7, ready));
    expect(ack()).toBe(Result.NotArmed);
    await link.arm();
    await link.send(writeRunStep(link.w, 2, ready));
    expect(ack()).toBe(Result.Refused);
    await link.send(writeHello(link.w, 3));
    await link.send(writeRunStep(link.w, 4, ready));
    expect(ack()).toBe(Result.Ok);
    await link.send(
      writeRunStep(
        link.w,
        5,
        encodeStep({ kind: "pose", phase: Phase.SelfTest, pose: "stow", ms: 0, easing: Easing.Trapezoid }),
      ),
    );
    expect(ack()).toBe(Result.Refused);
    await runToRest();
    // Idle again, so only the step itself can be refused: a depth past the drill's travel.
    await link.send(
      writeRunStep(link.w, 6, encodeStep({ kind: "feed", phase: Phase.Drilling, depthMm: 500, rateMmS: 1 })),
    );
    expect(ack()).toBe(Result.Refused);
    expect(link.lander.status.joints).toEqual([90, 90, 90, 10]);
  });
});
