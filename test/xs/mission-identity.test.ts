// Missions have identity: a checkpoint says which mission it is of, Continue continues that one
// only, the same mission uploaded again keeps its checkpoint, and a host's single steps (replay)
// never overwrite it. The firmware in XS, with resets of the virtual chip between.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { encodeStep } from "../../firmware/mission/format";
import { Msg, Result, writeCommand, writeHello, writeRunStep } from "../../firmware/protocol/codec";
import { Easing } from "../../firmware/servo/easing";
import { Phase } from "../../firmware/sequence/phases";
import type { Step } from "../../firmware/sequence/steps";
import { loadBoard } from "../../host-tools/src/boards/load";
import { compiled } from "../support/missions";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");

const slow: Step[] = [
  { kind: "selftest", phase: Phase.SelfTest },
  { kind: "marker", phase: Phase.SelfTest, id: 1 },
  { kind: "pose", phase: Phase.Drilling, pose: "ready", ms: 0, easing: Easing.Trapezoid, speed: 20 },
  { kind: "until", phase: Phase.Drilling, ms: 20_000 },
  { kind: "pose", phase: Phase.Drilling, pose: "stow", ms: 0, easing: Easing.Trapezoid },
];
const MISSION = compiled(slow, "slow");
const OTHER = compiled(slow.slice(0, 4), "other");

describe("mission identity, in XS", () => {
  let link: SimLink | undefined;
  afterEach(() => link?.close());

  const ack = (request: number, type: Msg): Result | undefined =>
    link!.drain("ack").find((a) => a.request === request && a.command === type)?.result;

  /** Flies MISSION until a few steps are done, then resets the chip mid-mission. */
  async function interrupted(): Promise<SimLink> {
    const l = await SimLink.boot(board);
    link = l;
    await l.send(writeHello(l.w, 1, false));
    expect(await l.upload(MISSION)).toBe(Result.Ok);
    await l.arm();
    await l.send(writeCommand(l.w, Msg.Start, 2));
    await l.advance(6000);
    expect(l.lander.status.mode).toBe(Mode.Running);
    await l.lander.reset("button");
    await l.advance(1000);
    expect(l.lander.status.checkpoint).toBe(3);
    await l.send(writeHello(l.w, 3));
    await l.arm();
    return l;
  }

  it("keeps the mission's checkpoint through a host's single steps, and continues the mission from it", async () => {
    const l = await interrupted();
    const ready = encodeStep({ kind: "pose", phase: Phase.SelfTest, pose: "ready", ms: 0, easing: Easing.Trapezoid });
    await l.send(writeRunStep(l.w, 4, ready));
    expect(ack(4, Msg.RunStep)).toBe(Result.Ok);
    // The step runs; the host that sent it is watched, so it keeps talking.
    for (let i = 0; i < 8; i++) {
      await l.send(writeCommand(l.w, Msg.Heartbeat, 40 + i));
      await l.advance(500);
    }
    expect(l.lander.status).toMatchObject({ mode: Mode.Complete, checkpoint: 3 });
    await l.send(writeCommand(l.w, Msg.Continue, 6));
    expect(ack(6, Msg.Continue)).toBe(Result.Ok);
    // From the first step of the phase it was in (drilling: step 2), not from the first of all.
    const started = l.lander.trace.events.filter((e) => e.type === "step").map((e) => e.value);
    await l.advance(500);
    const after = l.lander.trace.events
      .filter((e) => e.type === "step")
      .map((e) => e.value)
      .slice(started.length);
    expect(after.every((index) => index >= 2)).toBe(true);
  });

  it("keeps the checkpoint when the same mission is uploaded again, and drops it for another", async () => {
    const l = await interrupted();
    expect(await l.upload(MISSION, 20)).toBe(Result.Ok);
    expect(l.lander.status.checkpoint).toBe(3);
    await l.send(writeCommand(l.w, Msg.Continue, 21));
    expect(ack(21, Msg.Continue)).toBe(Result.Ok);
    await l.send(writeCommand(l.w, Msg.Abort, 22));
    await l.advance(20_000);
    // Abort forgets the checkpoint; fly it again and interrupt it, then upload another mission.
    const again = await interrupted();
    expect(await again.upload(OTHER, 30)).toBe(Result.Ok);
    expect(again.lander.status.checkpoint).toBe(-1);
    await again.send(writeCommand(again.w, Msg.Continue, 31));
    expect(ack(31, Msg.Continue)).toBe(Result.Refused);
  });
});
