// The firmware's link in the real XS engine, over its virtual UART in virtual time: Firmata as
// a client sees it, the lander's sysex session, and what bad input does (mission upload:
// mission-upload.test.ts).
import { afterEach, describe, expect, it } from "vitest";
import {
  Drop,
  seal,
  EventKind,
  LANDER_SYSEX,
  Msg,
  Result,
  writeCommand,
  writeHello,
  writeTelemetryRate,
} from "../../firmware/protocol/codec";
import { Fault } from "../../firmware/safety/faults";
import { Mode } from "../../firmware/lander/status";
import { loadBoard } from "../../host-tools/src/boards/load";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");
/** The arm message as docs/protocol.md gives it to Firmata clients: request 0 and its check septet. */
const ARM_SYSEX = [0xf0, 0x0f, 0x17, 0x00, 0x26, 0xf7];
const shoulder = board.joints.shoulder;

describe("the lander as a Firmata board, in XS", () => {
  let link: SimLink;
  afterEach(() => link?.close());

  it("announces Firmata 2.6 and its firmware name at boot, and answers the version query", async () => {
    link = await SimLink.boot(board);
    expect(link.drain("firmata-version")).toEqual([{ kind: "firmata-version", major: 2, minor: 6 }]);
    expect(link.drain("firmware")[0]?.name).toBe("farside-lander");
    await link.send([0xf9]);
    expect(link.drain("firmata-version")).toHaveLength(1);
  });

  it("reports capabilities and analog mapping with the board's real pin numbers", async () => {
    link = await SimLink.boot(board);
    const replies: number[][] = [];
    const raw = link.lander.trace.serial.length;
    await link.send([0xf0, 0x6b, 0xf7, 0xf0, 0x69, 0xf7]);
    const bytes = link.lander.trace.serial.slice(raw).filter((_, i) => i % 2 === 1);
    let current: number[] = [];
    for (const b of bytes) {
      current.push(b);
      if (b === 0xf7) {
        replies.push(current);
        current = [];
      }
    }
    const capability = replies.find((r) => r[1] === 0x6c)!;
    const pins: number[][] = [[]];
    for (const b of capability.slice(2, -1)) {
      if (b === 0x7f) pins.push([]);
      else pins[pins.length - 1]!.push(b);
    }
    pins.pop();
    expect(pins).toHaveLength(44);
    expect(pins[shoulder.pin]).toEqual([4, 14]);
    expect(pins[board.ascender.pin]).toEqual([1, 1]);
    expect(pins[board.estop.pin]).toEqual([0, 1]);
    expect(pins[board.drill.spin.pin]).toEqual([]);
    const mapping = replies.find((r) => r[1] === 0x6a)!.slice(2, -1);
    expect(mapping).toHaveLength(44);
    expect(mapping.slice(40)).toEqual([0, 1, 2, 3]);
    expect(mapping.slice(0, 40).every((c) => c === 0x7f)).toBe(true);
  });

  it("refuses servo and LED writes until armed, saying how to arm, and moves nothing", async () => {
    link = await SimLink.boot(board);
    const pwm = link.lander.trace.pwm.length;
    await link.send([0xf4, shoulder.pin, 4, 0xe0 | shoulder.pin, 90, 0, 0xf5, board.ascender.pin, 1]);
    await link.advance(1000);
    expect(link.drain("string").map((s) => s.text)).toEqual([
      `pin ${shoulder.pin} refused: not armed; arm: F0 0F 17 00 26 F7`,
      `pin ${board.ascender.pin} refused: not armed; arm: F0 0F 17 00 26 F7`,
    ]);
    expect(link.lander.trace.pwm.length).toBe(pwm);
    expect(link.lander.status.ascender).toBe(false);
    // The same bytes arm it every time, though a request id repeated would otherwise be a resend.
    await link.send(ARM_SYSEX);
    expect(link.drain("ack")).toEqual([{ kind: "ack", request: 0, command: Msg.Arm, result: Result.Ok }]);
    await link.send(writeCommand(link.w, Msg.Disarm, 0));
    await link.send(ARM_SYSEX);
    expect(link.drain("ack").map((a) => a.result)).toEqual([Result.Ok, Result.Ok]);
    expect(link.lander.status.armed).toBe(true);
    await link.send([0xe0 | shoulder.pin, 90, 0]);
    await link.advance(3000);
    expect(link.lander.status.joints[0]).toBeCloseTo(90, 5);
  });

  it("moves a joint on a servo write, in degrees or microseconds, within its limits", async () => {
    link = await SimLink.boot(board);
    await link.send(ARM_SYSEX);
    await link.send([0xf4, shoulder.pin, 4, 0xe0 | shoulder.pin, 90, 0]);
    await link.advance(3000);
    expect(link.lander.status.joints[0]).toBeCloseTo(90, 5);
    // 1500 µs is the middle of the shoulder's calibrated pulse range: 90°.
    await link.send([0xe0 | shoulder.pin, 1500 & 0x7f, 1500 >> 7]);
    await link.advance(3000);
    expect(link.lander.status.joints[0]).toBeCloseTo(90, 0);
    await link.send([0xe0 | shoulder.pin, 2, 0]);
    await link.advance(4000);
    expect(link.lander.status.joints[0]).toBe(shoulder.minAngle);
    expect(link.lander.status.clamped).toBe(1);
  });

  it("accepts extended analog writes for pins above 15", async () => {
    link = await SimLink.boot(board);
    const elbow = board.joints.elbow;
    expect(elbow.pin).toBeGreaterThan(15);
    await link.send(ARM_SYSEX);
    await link.send([0xf0, 0x6f, elbow.pin, 100, 0, 0xf7]);
    await link.advance(3000);
    expect(link.lander.status.joints[1]).toBeCloseTo(100, 5);
  });

  it("refuses servo writes while a sequence runs, and says why", async () => {
    link = await SimLink.boot(board);
    await link.advance(200);
    await link.lander.press(board.start);
    await link.advance(500);
    expect(link.lander.status.mode).toBe(Mode.Running);
    await link.send([0xe0 | shoulder.pin, 100, 0]);
    expect(link.drain("string").map((s) => s.text)).toEqual([`pin ${shoulder.pin} refused: sequence running`]);
  });

  it("reports telemetry as analog channels at the sampling interval", async () => {
    link = await SimLink.boot(board);
    await link.send([0xf0, 0x7a, 100, 0, 0xf7, 0xc3, 1]);
    await link.advance(1000);
    const reports = link.drain("analog");
    expect(reports.length).toBeGreaterThanOrEqual(9);
    expect(reports.length).toBeLessThanOrEqual(11);
    expect(reports.every((r) => r.channel === 3 && r.value === 0)).toBe(true);
    await link.send([0xc3, 0]);
    // A report the lander wrote before it read the request may still be on the wire.
    link.drain("analog");
    await link.advance(500);
    expect(link.drain("analog")).toHaveLength(0);
  });

  it("reports the e-stop pin's port when it changes", async () => {
    link = await SimLink.boot(board);
    const port = board.estop.pin >> 3;
    const bit = 1 << (board.estop.pin & 7);
    await link.send([0xd0 | port, 1]);
    await link.advance(40);
    const first = link.drain("digital");
    expect(first).toHaveLength(1);
    expect(first[0]!.value & bit).toBe(0);
    await link.lander.setInput(board.estop.pin, 1);
    await link.advance(40);
    const second = link.drain("digital");
    expect(second).toHaveLength(1);
    expect(second[0]!.value & bit).toBe(bit);
  });

  it("drives the ascender LED as a digital output", async () => {
    link = await SimLink.boot(board);
    await link.arm();
    await link.send([0xf5, board.ascender.pin, 1]);
    await link.advance(40);
    expect(link.lander.status.ascender).toBe(true);
  });

  it("answers an unknown sysex with a string, and a bad pin mode too", async () => {
    link = await SimLink.boot(board);
    await link.send([0xf0, 0x55, 1, 2, 0xf7, 0xf4, board.drill.spin.pin, 4]);
    expect(link.drain("string").map((s) => s.text)).toEqual([
      "unsupported sysex 0x55",
      `pin ${board.drill.spin.pin} cannot be mode 4 on the lander`,
    ]);
  });
});

describe("the lander's sysex session, in XS", () => {
  let link: SimLink;
  afterEach(() => link?.close());

  async function hello(): Promise<void> {
    await link.send(writeHello(link.w, 1));
    expect(link.drain("hello-reply")[0]?.lander?.boardId).toBe(board.id);
    expect(link.drain("ack")).toEqual([{ kind: "ack", request: 1, command: Msg.Hello, result: Result.Ok }]);
  }

  it("will not start without a session, starts with one, and streams events and telemetry", async () => {
    link = await SimLink.boot(board);
    await link.send(writeCommand(link.w, Msg.Start, 2));
    expect(link.drain("ack")[0]?.result).toBe(Result.NoSession);
    await hello();
    await link.send(writeTelemetryRate(link.w, 3, 100));
    await link.send(writeCommand(link.w, Msg.Start, 4));
    expect(link.drain("ack").map((a) => a.result)).toEqual([Result.Ok, Result.NotArmed]);
    await link.arm();
    expect(link.drain("event").filter((e) => e.event === EventKind.Armed)).toMatchObject([{ value: 1 }]);
    await link.send(writeCommand(link.w, Msg.Start, 5));
    expect(link.drain("ack").map((a) => a.result)).toEqual([Result.Ok]);
    for (let i = 0; i < 10; i++) {
      await link.advance(100);
      await link.send(writeCommand(link.w, Msg.Heartbeat, 10 + i));
    }
    const telemetry = link.drain("telemetry");
    expect(telemetry.length).toBeGreaterThanOrEqual(9);
    expect(telemetry.at(-1)!.mode).toBe(Mode.Running);
    expect(telemetry.at(-1)!.hostWatched).toBe(true);
    const events = link.drain("event");
    expect(events.some((e) => e.event === EventKind.ModeChanged && e.value === Mode.Running)).toBe(true);
    expect(events.some((e) => e.event === EventKind.PhaseEntered)).toBe(true);
  });

  it("acknowledges a resent request again without doing it twice", async () => {
    link = await SimLink.boot(board);
    await hello();
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 5));
    await link.send(writeCommand(link.w, Msg.Start, 5));
    expect(link.drain("ack").map((a) => a.result)).toEqual([Result.Ok, Result.Ok]);
    await link.send(writeCommand(link.w, Msg.Start, 6));
    expect(link.drain("ack")[0]?.result).toBe(Result.Refused);
  });

  it("faults to the safe state when the host falls silent", async () => {
    link = await SimLink.boot(board);
    await hello();
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 2));
    await link.advance(1000);
    expect(link.lander.status.mode).toBe(Mode.Running);
    await link.advance(1000);
    expect(link.lander.status.fault).toBe(Fault.LostHost);
    expect(link.lander.status.armed).toBe(false);
    expect(link.drain("event").some((e) => e.event === EventKind.Fault && e.value === Fault.LostHost)).toBe(true);
    await link.advance(15_000);
    expect(link.lander.status.mode).toBe(Mode.Safe);
    expect(link.lander.status.hostWatched).toBe(false);
  });

  it("lets a mission run on when a host that did not ask to be watched falls silent, still telling it events", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1, false));
    expect(link.drain("ack").at(-1)?.result).toBe(Result.Ok);
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 2));
    await link.advance(5000);
    expect(link.lander.status).toMatchObject({ mode: Mode.Running, fault: Fault.None, hostWatched: false });
    // The session stays open: events still come, though nobody heartbeats.
    expect(link.drain("event").filter((e) => e.event === EventKind.PhaseEntered).length).toBeGreaterThan(0);
  });

  it("obeys e-stop from anyone, session or not", async () => {
    link = await SimLink.boot(board);
    await link.advance(200);
    await link.lander.press(board.start);
    await link.advance(500);
    await link.send(writeCommand(link.w, Msg.EStop, 9));
    expect(link.drain("ack")[0]?.result).toBe(Result.Ok);
    await link.advance(20);
    expect(link.lander.status.fault).toBe(Fault.EStop);
  });

  it("refuses a host of another protocol major", async () => {
    link = await SimLink.boot(board);
    link.w.sysex(LANDER_SYSEX).u7(Msg.Hello).u7(1).u7(9).u7(0);
    await link.send(seal(link.w));
    expect(link.drain("ack")[0]?.result).toBe(Result.Incompatible);
    await link.send(writeCommand(link.w, Msg.Start, 2));
    expect(link.drain("ack")[0]?.result).toBe(Result.NoSession);
  });

  it("answers an unknown or short lander message with an error, and garbage with nothing", async () => {
    link = await SimLink.boot(board);
    // Each lander message ends with its check septet: the sum of its bytes from LANDER_SYSEX on.
    const check = (...bytes: number[]) => bytes.reduce((sum, byte) => sum + byte, 0) & 0x7f;
    await link.send([
      0x12,
      0x34,
      0xf0,
      LANDER_SYSEX,
      0x7e,
      check(LANDER_SYSEX, 0x7e),
      0xf7,
      0xf0,
      LANDER_SYSEX,
      Msg.TelemetryRate,
      1,
      check(LANDER_SYSEX, Msg.TelemetryRate, 1),
      0xf7,
    ]);
    expect(link.drain("error")).toEqual([
      { kind: "error", result: Result.Unsupported, command: 0x7e },
      { kind: "error", result: Result.BadRequest, command: Msg.TelemetryRate },
    ]);
    expect(link.lander.status.linkDrops[Drop.Stray]).toBe(2);
  });

  it("does not act on a lander message damaged on the way: one flipped bit turns Pause into Start", async () => {
    link = await SimLink.boot(board);
    await link.send(writeHello(link.w, 1));
    const length = writeCommand(link.w, Msg.Pause, 2);
    link.w.bytes[2] ^= 0x01;
    expect(link.w.bytes[2]).toBe(Msg.Start);
    await link.send(length);
    await link.advance(100);
    expect(link.drain("ack").filter((ack) => ack.request === 2)).toEqual([]);
    expect(link.lander.status.mode).toBe(Mode.Idle);
    expect(link.lander.status.linkDrops[Drop.BadCheck]).toBe(1);
  });

  it("Firmata's system reset ends the session, makes the lander safe, and is the next reset reason", async () => {
    link = await SimLink.boot(board);
    await hello();
    expect(link.drain("event").filter((e) => e.event === EventKind.Reset)).toMatchObject([{ value: 0 }]);
    await link.arm();
    await link.send(writeCommand(link.w, Msg.Start, 2));
    await link.advance(200);
    await link.send([0xff]);
    await link.advance(20);
    expect(link.lander.status.mode).toBe(Mode.Safing);
    expect(link.lander.status.armed).toBe(false);
    expect(link.lander.status.hostWatched).toBe(false);
    await link.send(writeHello(link.w, 3));
    expect(link.drain("hello-reply")[0]?.lander?.resetReason).toBe(1);
    expect(link.drain("event").filter((e) => e.event === EventKind.Reset)).toMatchObject([{ value: 1 }]);
  });
});
