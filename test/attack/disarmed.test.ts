// Everything that could move a disarmed lander, sent at the firmware in XS: Firmata servo and
// LED writes on every output, and every lander command that starts motion, with and without a
// session. Each must be refused, the simulator's own PWM record must show nothing moved, and the
// lander must still answer.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import {
  Drop,
  Msg,
  Result,
  crc32,
  writeCommand,
  writeHello,
  writeRunStep,
  writeUploadBegin,
  writeUploadChunk,
} from "../../firmware/protocol/codec";
import { encodeStep } from "../../firmware/mission/format";
import { Phase } from "../../firmware/sequence/phases";
import { Easing } from "../../firmware/servo/easing";
import { loadBoard } from "../../host-tools/src/boards/load";
import { ABORT_EVERYWHERE, compiled } from "../support/missions";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");
const servoPins = [...Object.values(board.joints).map((joint) => joint.pin), board.lid.pin, board.flag.pin];

/** A Firmata servo write as johnny-five sends it: the short form below pin 16, extended analog above. */
function servoWrite(pin: number, value: number): number[] {
  return pin < 16
    ? [0xe0 | pin, value & 0x7f, (value >> 7) & 0x7f]
    : [0xf0, 0x6f, pin, value & 0x7f, (value >> 7) & 0x7f, 0xf7];
}

class Tally {
  tried = 0;
  refused = 0;
  count(refused: boolean): void {
    this.tried++;
    if (refused) this.refused++;
  }
}

describe("attack: motion commands at a disarmed lander", () => {
  let link: SimLink | undefined;
  afterEach(() => link?.close());

  /** Every way in that moves something, each counted refused when the lander says so. */
  async function attack(link: SimLink, tally: Tally, request: number): Promise<void> {
    for (const pin of servoPins) {
      for (const value of [90, 1500]) {
        await link.send(servoWrite(pin, value));
        tally.count(link.drain("string").some((s) => / refused: (not armed|e-stopped)/.test(s.text)));
      }
    }
    await link.send([0xf5, board.ascender.pin, 1]);
    tally.count(link.drain("string").some((s) => / refused: (not armed|e-stopped)/.test(s.text)));
    const ready = encodeStep({ kind: "pose", phase: Phase.SelfTest, pose: "ready", ms: 0, easing: Easing.Trapezoid });
    const builders = [
      () => writeCommand(link.w, Msg.Start, request),
      () => writeCommand(link.w, Msg.Resume, request + 1),
      () => writeCommand(link.w, Msg.Continue, request + 2),
      () => writeRunStep(link.w, request + 3, ready),
    ];
    for (const build of builders) {
      await link.send(build());
      const ack = link.drain("ack").at(-1);
      tally.count(ack !== undefined && ack.result !== Result.Ok);
    }
  }

  it("refuses every servo write and every start, with or without a session, and nothing moves", async () => {
    link = await SimLink.boot(board);
    await link.advance(500);
    const pwm = link.lander.trace.pwm.length;
    const tally = new Tally();
    // No session: Firmata writes and lander commands as any client could send them.
    await attack(link, tally, 10);
    // A session, and a mission uploaded and waiting: still nothing without arming.
    await link.send(writeHello(link.w, 1, false));
    const mission = compiled(
      [
        { kind: "selftest", phase: Phase.SelfTest },
        { kind: "pose", phase: Phase.SelfTest, pose: "ready", ms: 0, easing: Easing.Trapezoid },
      ],
      "waiting",
      ABORT_EVERYWHERE,
    );
    await link.send(writeUploadBegin(link.w, 2, mission.length, crc32(mission)));
    await link.send(writeUploadChunk(link.w, 0, crc32(mission), mission, 0, mission.length));
    expect(link.drain("upload-done")[0]?.result).toBe(Result.Ok);
    await attack(link, tally, 20);
    // An arm command damaged on the way (its check septet off by one) is dropped, not obeyed.
    const length = writeCommand(link.w, Msg.Arm, 30);
    link.w.bytes[length - 2] = (link.w.bytes[length - 2]! + 1) & 0x7f;
    await link.send(length);
    tally.count(link.lander.status.linkDrops[Drop.BadCheck] === 1 && !link.lander.status.armed);
    await link.advance(2000);

    expect(link.lander.trace.pwm.length).toBe(pwm);
    expect(link.lander.status).toMatchObject({ mode: Mode.Idle, armed: false, fault: 0 });
    expect(link.lander.status.joints).toEqual([20, 160, 90, 10]);
    await link.send(writeCommand(link.w, Msg.StatusQuery, 40));
    expect(link.drain("status").at(-1)?.request).toBe(40);
    expect(tally.refused).toBe(tally.tried);
    console.log(`disarmed lander: ${tally.tried} motion attacks tried, ${tally.refused} refused, nothing moved`);
  });

  it.each([
    ["e-stop", (l: SimLink) => l.send(writeCommand(l.w, Msg.EStop, 50))],
    ["Firmata system reset", (l: SimLink) => l.send([0xff])],
    ["disarm", (l: SimLink) => l.send(writeCommand(l.w, Msg.Disarm, 50))],
    ["a reset of the board", async (l: SimLink) => void (await l.lander.reset("button"))],
  ])("after %s an armed lander is disarmed again and refuses motion", async (_name, disarm) => {
    link = await SimLink.boot(board);
    await link.arm();
    await link.send(writeHello(link.w, 1, false));
    expect(link.lander.status.armed).toBe(true);
    await disarm(link);
    await link.advance(15_000);
    expect(link.lander.status.armed).toBe(false);
    link.drain("string");
    link.drain("ack");
    await link.send(writeHello(link.w, 2, false));
    const pwm = link.lander.trace.pwm.length;
    const tally = new Tally();
    await attack(link, tally, 60);
    await link.advance(2000);
    expect(link.lander.trace.pwm.length).toBe(pwm);
    expect(tally.refused).toBe(tally.tried);
    await link.send(writeCommand(link.w, Msg.StatusQuery, 70));
    expect(link.drain("status").at(-1)?.request).toBe(70);
  });
});
