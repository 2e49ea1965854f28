// Every acknowledged stop acts, and nothing moves while disarmed except the safe-state procedure:
// the firmware in XS over its virtual UART, with the board's PWM record as the judge of what moved.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { Msg, Result, writeCommand, writeHello, writeUploadBegin } from "../../firmware/protocol/codec";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy } from "../../firmware/sequence/steps";
import { loadBoard } from "../../host-tools/src/boards/load";
import { drillThenScoop } from "../support/missions";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");
const TICK_MS = 20;
/** The pins that move something: the arm's joints, the lid, the flag and the drill's spin and feed. */
const MOTION_PINS = new Set([
  ...Object.values(board.joints).map((joint) => joint.pin),
  board.lid.pin,
  board.flag.pin,
  board.drill.spin.pin,
  board.drill.feed.pin,
]);

/** PWM writes to motion pins at or after lander time `fromMs`, as flat [ms, pin, duty] triples. */
function motionWritesSince(link: SimLink, fromMs: number): number[][] {
  const writes: number[][] = [];
  const pwm = link.lander.trace.pwm;
  for (let i = 0; i < pwm.length; i += 3) {
    if (pwm[i]! >= fromMs && MOTION_PINS.has(pwm[i + 1]!)) writes.push([pwm[i]!, pwm[i + 1]!, pwm[i + 2]!]);
  }
  return writes;
}

function ackOf(link: SimLink, request: number, command: Msg): Result | undefined {
  return link.drain("ack").find((a) => a.request === request && a.command === command)?.result;
}

describe("stops stop, in XS", () => {
  let link: SimLink | undefined;
  afterEach(() => link?.close());

  async function heartbeatFor(ms: number, until: () => boolean = () => false): Promise<void> {
    for (let t = 0; t < ms && !until(); t += 250) {
      await link!.send(writeCommand(link!.w, Msg.Heartbeat, 60 + ((t / 250) % 40)));
      await link!.advance(250);
    }
  }

  /** A mission whose drilling phase retries on a fault, stalled mid-hole: the lander is getting safe before the retry. */
  async function stalledBeforeRetry(): Promise<SimLink> {
    const l = await SimLink.boot(board);
    link = l;
    await l.send(writeHello(l.w, 1));
    expect(await l.upload(drillThenScoop(FaultPolicy.Retry, board))).toBe(Result.Ok);
    await l.arm();
    await l.send(writeCommand(l.w, Msg.Start, 2));
    await heartbeatFor(10_000, () => l.lander.status.depthMm > 10);
    await l.lander.seizeDrill();
    await heartbeatFor(10_000, () => l.lander.status.mode === Mode.Safing);
    expect(l.lander.status).toMatchObject({ mode: Mode.Safing, fault: Fault.DrillStall, armed: true });
    return l;
  }

  const stops: { name: string; send: (l: SimLink) => Promise<void>; acked: (l: SimLink) => Result | undefined }[] = [
    {
      name: "Disarm",
      send: (l) => l.send(writeCommand(l.w, Msg.Disarm, 30)),
      acked: (l) => ackOf(l, 30, Msg.Disarm),
    },
    {
      name: "Abort",
      send: (l) => l.send(writeCommand(l.w, Msg.Abort, 30)),
      acked: (l) => ackOf(l, 30, Msg.Abort),
    },
    {
      name: "Pause",
      send: (l) => l.send(writeCommand(l.w, Msg.Pause, 30)),
      acked: (l) => ackOf(l, 30, Msg.Pause),
    },
    { name: "Firmata SYSTEM_RESET", send: (l) => l.send([0xff]), acked: () => Result.Ok },
  ];

  for (const stop of stops) {
    it(`a ${stop.name} while the lander gets safe before a retry cancels the retry: nothing moves once safe`, async () => {
      const l = await stalledBeforeRetry();
      await stop.send(l);
      expect(stop.acked(l)).toBe(Result.Ok);
      await l.lander.seizeDrill(false);
      await heartbeatFor(30_000, () => l.lander.status.mode === Mode.Safe);
      expect(l.lander.status.mode).toBe(Mode.Safe);
      const safeAt = l.lander.trace.events.find((e) => e.type === "mode" && e.value === Mode.Safe)!.t;
      await heartbeatFor(5000);
      expect(l.lander.status.mode).toBe(Mode.Safe);
      expect(l.lander.trace.events.filter((e) => e.type === "phase" && e.value === Phase.Drilling)).toHaveLength(1);
      expect(motionWritesSince(l, safeAt + TICK_MS)).toEqual([]);
    });
  }

  it("an E-stop or Abort with the previous request's id still acts after the start button restarted the mission", async () => {
    const l = await SimLink.boot(board);
    link = l;
    for (const [type, fault] of [
      [Msg.EStop, Fault.EStop],
      [Msg.Abort, Fault.None],
    ] as const) {
      // The same bytes twice (F0 0F <type> 23 <check> F7), each after the button set it going.
      for (let round = 0; round < 2; round++) {
        await l.lander.press(board.start);
        await l.advance(500);
        expect(l.lander.status.mode).toBe(Mode.Running);
        await l.send(writeCommand(l.w, type, 0x23));
        expect(ackOf(l, 0x23, type)).toBe(Result.Ok);
        await l.advance(TICK_MS);
        expect(l.lander.status).toMatchObject({ mode: Mode.Safing, fault });
        await l.advance(30_000);
        expect(l.lander.status.mode).toBe(Mode.Safe);
      }
    }
  });

  it("the start button arms the lander as it starts it: no mission runs disarmed", async () => {
    const l = await SimLink.boot(board);
    link = l;
    expect(l.lander.status.armed).toBe(false);
    await l.lander.press(board.start);
    await l.advance(TICK_MS);
    expect(l.lander.status).toMatchObject({ mode: Mode.Running, armed: true });
    // Disarm stops it, and it stays stopped.
    await l.send(writeCommand(l.w, Msg.Disarm, 32));
    await l.advance(30_000);
    expect(l.lander.status).toMatchObject({ mode: Mode.Safe, armed: false });
    const safeAt = l.lander.trace.events.find((e) => e.type === "mode" && e.value === Mode.Safe)!.t;
    expect(motionWritesSince(l, safeAt + TICK_MS)).toEqual([]);
  });

  it("Disarm stops a hand jog under way within a tick: the joint holds where it got to", async () => {
    const l = await SimLink.boot(board);
    link = l;
    const shoulder = board.joints.shoulder;
    await l.arm();
    // Firmata: the shoulder's pin as a servo, then to 170° (johnny-five's servo.to(170)).
    await l.send([0xf4, shoulder.pin, 4, 0xe0 | shoulder.pin, 170 & 0x7f, 170 >> 7]);
    await l.advance(300);
    const during = l.lander.status.joints[0]!;
    expect(during).toBeGreaterThan(shoulder.home);
    expect(during).toBeLessThan(160);
    await l.send(writeCommand(l.w, Msg.Disarm, 31));
    expect(ackOf(l, 31, Msg.Disarm)).toBe(Result.Ok);
    const disarmedAt = l.lander.status.nowMs;
    await l.advance(3000);
    expect(l.lander.status.armed).toBe(false);
    expect(motionWritesSince(l, disarmedAt + 2 * TICK_MS)).toEqual([]);
    expect(l.lander.status.joints[0]).toBeLessThan(during + 10);
  });

  it("still acknowledges a resent Start once without doing it twice, but takes the same id after a change as new", async () => {
    const l = await SimLink.boot(board);
    link = l;
    await l.send(writeHello(l.w, 1));
    await l.arm();
    await l.send(writeCommand(l.w, Msg.Start, 5));
    await l.send(writeCommand(l.w, Msg.Start, 5));
    expect(
      l
        .drain("ack")
        .filter((a) => a.request === 5)
        .map((a) => a.result),
    ).toEqual([Result.Ok, Result.Ok]);
    expect(l.lander.status.mode).toBe(Mode.Running);
    await l.send(writeCommand(l.w, Msg.Abort, 6));
    await heartbeatFor(30_000, () => l.lander.status.mode === Mode.Safe);
    await l.arm(7);
    l.drain("ack");
    // Start again with 5 after Abort 6 and Arm 7: not a resend, so it starts.
    await l.send(writeCommand(l.w, Msg.Start, 5));
    expect(ackOf(l, 5, Msg.Start)).toBe(Result.Ok);
    expect(l.lander.status.mode).toBe(Mode.Running);
  });

  it("takes an UploadBegin with the last upload's request id as a new upload once chunks have come", async () => {
    const l = await SimLink.boot(board);
    link = l;
    await l.send(writeHello(l.w, 1));
    const mission = drillThenScoop(FaultPolicy.Abort, board);
    expect(await l.upload(mission, 40)).toBe(Result.Ok);
    // The same request id again, for a second upload: it must begin, so the chunks that follow are taken.
    expect(await l.upload(mission, 40)).toBe(Result.Ok);
    // Whereas a resend before any chunk, its ack lost, is acknowledged again and not begun twice.
    await l.send(writeUploadBegin(l.w, 41, mission.length, 0x1234));
    await l.send(writeUploadBegin(l.w, 41, mission.length, 0x1234));
    expect(
      l
        .drain("ack")
        .filter((a) => a.request === 41)
        .map((a) => a.result),
    ).toEqual([Result.Ok, Result.Ok]);
  });
});
