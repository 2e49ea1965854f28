// The safety model test's steps: what hosts, the person at the model and the world can do to
// the lander (test/xs/safety-model.test.ts draws random sequences of them), each checked by the
// Checker against the board's record.
import fc from "fast-check";
import { expect } from "vitest";
import { JOINT_NAMES } from "../../../firmware/board/config";
import { Mode } from "../../../firmware/lander/status";
import {
  MAX_CHUNK_BYTES,
  Msg,
  NO_CHECKPOINT,
  Result,
  crc32,
  writeCommand,
  writeHello,
  writeUploadBegin,
  writeUploadChunk,
} from "../../../firmware/protocol/codec";
import { CHARGED_VOLTS } from "../../../host-tools/src/sim/xs/model/supply";
import { Fault } from "../../../firmware/safety/faults";
import { loadBoard } from "../../../host-tools/src/boards/load";
import type { ResetCause } from "../../../host-tools/src/sim/protocol";
import { FAULT_POLICY_NAMES, FaultPolicy } from "../../../firmware/sequence/steps";
import { drillThenScoop } from "../../support/missions";
import { SimLink } from "../../support/sim-link";
import { Checker, TICK_MS } from "./safety-checker";

export const board = loadBoard("esp32-devkitc");
/** Past the simulated chip's boot (300 ms) and its first control tick. */
export const AFTER_BOOT_MS = 400;
export const MISSIONS = [FaultPolicy.Abort, FaultPolicy.Retry, FaultPolicy.Skip].reduce<Uint8Array[]>((all, policy) => {
  all[policy] = drillThenScoop(policy, board);
  return all;
}, []);

export interface Real {
  readonly link: SimLink;
  readonly checker: Checker;
}

/** What the test knows that the lander cannot report: whether the cable is in, what flash may hold. */
export interface Model {
  cableOut: boolean;
  /**
   * CRC-32s the stored mission may have (0: none, the built-in sequence): the last upload the
   * lander accepted, or, after an upload whose verdict never came, that one or the one before.
   * A cut upload adds nothing: flash holds a whole mission or the one it had.
   */
  stored: Set<number>;
}
export type Step = fc.AsyncCommand<Model, Real>;

/** Sends bytes and lets them arrive, plus one control tick for the lander to act. */
export async function deliver(real: Real, bytes: readonly number[]): Promise<void> {
  await real.link.lander.sendSerial(bytes);
  await real.link.advance(real.link.lander.wireMs(bytes.length) + TICK_MS);
}

export function lastAck(real: Real, request: number, type: Msg): number | undefined {
  return real.link.drain("ack").find((a) => a.request === request && a.command === type)?.result;
}

export class Advance implements Step {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    await real.link.advance(this.ms);
    real.checker.check();
  }
  toString = (): string => `advance(${this.ms})`;
}

export class Command implements Step {
  constructor(
    readonly type: Msg,
    readonly request: number,
  ) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const status = real.link.lander.status;
    const wasMoving = status.mode === Mode.Running || status.mode === Mode.Paused;
    if (this.type === Msg.Start || this.type === Msg.Resume || this.type === Msg.Continue) real.checker.started();
    await deliver(real, Array.from(real.link.w.bytes.subarray(0, writeCommand(real.link.w, this.type, this.request))));
    const acked = lastAck(real, this.request, this.type) === 0;
    const stop = this.type === Msg.EStop || this.type === Msg.Abort || this.type === Msg.Disarm;
    // Read the record up to the stop before noting it: what ran before it was allowed to.
    if (acked && stop) {
      real.checker.check();
      real.checker.stop();
    }
    const now = real.link.lander.status;
    // Every acknowledged stop has acted within one control tick.
    if (acked && this.type === Msg.EStop) {
      expect(now.fault).toBe(Fault.EStop);
      expect([Mode.Safing, Mode.Safe]).toContain(now.mode);
      expect(now.armed).toBe(false);
    }
    if (acked && this.type === Msg.Abort) expect([Mode.Safing, Mode.Safe]).toContain(now.mode);
    if (acked && this.type === Msg.Disarm) {
      expect(now.armed).toBe(false);
      if (wasMoving) expect([Mode.Safing, Mode.Safe]).toContain(now.mode);
    }
    if (acked && this.type === Msg.Pause && status.mode === Mode.Running) expect(now.mode).toBe(Mode.Paused);
    real.checker.check();
  }
  toString = (): string => `command(${this.type.toString(16)}, ${this.request})`;
}

/** How often a HelloReply let the test compare the stored mission with what it uploaded. */
let storedChecks = 0;
/** How many Hellos checked the stored mission: the test asserts the model got that far. */
export const storedMissionChecks = (): number => storedChecks;

/**
 * Asks the lander (a Hello) which mission it stores, when the cable is in, and holds it to the
 * model: one the lander accepted whole, never part of a cut upload; a checkpoint only of it.
 */
export async function helloChecksStored(model: Model, real: Real, watch: boolean): Promise<void> {
  real.link.drain("hello-reply");
  await deliver(real, Array.from(real.link.w.bytes.subarray(0, writeHello(real.link.w, 9, watch))));
  real.checker.check();
  const lander = real.link.drain("hello-reply").at(-1)?.lander;
  if (!lander) return;
  storedChecks++;
  expect([...model.stored], "stored mission CRC").toContain(lander.missionCrc);
  model.stored = new Set([lander.missionCrc]);
  if (lander.checkpoint !== NO_CHECKPOINT) expect(lander.checkpointCrc).toBe(lander.missionCrc);
}

export class Hello implements Step {
  constructor(readonly watch: boolean) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    await helloChecksStored(model, real, this.watch);
  }
  toString = (): string => `hello(${this.watch})`;
}

export class SystemReset implements Step {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    await deliver(real, [0xff]);
    const now = real.link.lander.status;
    // It has no ack: with the cable in, it must have acted within the tick.
    if (!model.cableOut) {
      expect(now.armed).toBe(false);
      expect([Mode.Safing, Mode.Safe]).toContain(now.mode);
      real.checker.check();
      real.checker.stop();
    }
    real.checker.check();
  }
  toString = (): string => "systemReset";
}

export class ServoWrite implements Step {
  constructor(
    readonly joint: number,
    readonly angle: number,
  ) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const pin = board.joints[JOINT_NAMES[this.joint]!].pin;
    // SET_PIN_MODE servo, then an extended analog write (the pin may be above 15).
    await deliver(real, [0xf4, pin, 4, 0xf0, 0x6f, pin, this.angle & 0x7f, this.angle >> 7, 0xf7]);
    real.checker.check();
  }
  toString = (): string => `servo(${JOINT_NAMES[this.joint]}, ${this.angle})`;
}

export class PressStart implements Step {
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    real.checker.started();
    await real.link.lander.press(board.start, 60);
    await real.link.advance(TICK_MS);
    real.checker.check();
  }
  toString = (): string => "pressStart";
}

export class EStopSwitch implements Step {
  constructor(readonly tripped: boolean) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    const { pin, activeLevel } = board.estop;
    await real.link.lander.setInput(pin, this.tripped ? activeLevel : ((1 - activeLevel) as 0 | 1));
    await real.link.advance(TICK_MS + 1);
    if (this.tripped) {
      const now = real.link.lander.status;
      expect(now.fault).toBe(Fault.EStop);
      expect([Mode.Safing, Mode.Safe]).toContain(now.mode);
      real.checker.check();
      real.checker.stop();
    }
    real.checker.check();
  }
  toString = (): string => `estopSwitch(${this.tripped})`;
}

export class WorldFault implements Step {
  constructor(
    readonly what: "seize" | "jam",
    readonly on: boolean,
    readonly joint: number,
  ) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    if (this.what === "seize") await real.link.lander.seizeDrill(this.on);
    else await real.link.lander.jam(JOINT_NAMES[this.joint]!, this.on);
    real.checker.check();
  }
  toString = (): string => `${this.what}(${this.on}${this.what === "jam" ? `, ${JOINT_NAMES[this.joint]}` : ""})`;
}

/** Uploads a short drilling mission whose drilling phase has `policy` for a fault (retry, skip or abort). */
export class Upload implements Step {
  constructor(readonly policy: FaultPolicy) {}
  check = (model: Readonly<Model>): boolean => !model.cableOut;
  async run(model: Model, real: Real): Promise<void> {
    const { link } = real;
    const mission = MISSIONS[this.policy]!;
    await link.send(writeHello(link.w, 9, false));
    let result = await link.upload(mission, 4);
    if (result === undefined) {
      await link.awaitMessage("upload-done", 2000);
      result = link.drain("upload-done")[0]?.result;
    }
    if (result === Result.Ok) model.stored = new Set([crc32(mission)]);
    else if (result === undefined) model.stored.add(crc32(mission));
    real.checker.check();
  }
  toString = (): string => `upload(${FAULT_POLICY_NAMES[this.policy]})`;
}

/**
 * A compound step, for the states that random single steps rarely reach: a mission whose
 * drilling phase retries or skips on a fault, started and stalled mid-hole, so the lander is
 * getting safe with the retry or skip waiting for it. What follows decides what happens next.
 */
export class StallWhileDrilling implements Step {
  constructor(readonly policy: FaultPolicy) {}
  check = (model: Readonly<Model>): boolean => !model.cableOut;
  async run(model: Model, real: Real): Promise<void> {
    const { link } = real;
    await new Upload(this.policy).run(model, real);
    // Either may be refused (an e-stop switch held, a lander still getting safe): then so be it.
    await link.send(writeCommand(link.w, Msg.Arm, 5));
    real.checker.started();
    await link.send(writeCommand(link.w, Msg.Start, 6));
    for (let t = 0; t < 5000 && link.lander.status.depthMm < 5; t += 100) await link.advance(100);
    await link.lander.seizeDrill(true);
    for (let t = 0; t < 20_000 && link.lander.status.mode === Mode.Running; t += 100) await link.advance(100);
    await link.lander.seizeDrill(false);
    real.checker.check();
  }
  toString = (): string => `stallWhileDrilling(${FAULT_POLICY_NAMES[this.policy]})`;
}

/**
 * An upload cut short: part of its chunks sent, then the chip resets, the cable comes out or the
 * host falls silent. Whatever flash held before, it still holds.
 */
export class CutUpload implements Step {
  constructor(
    readonly policy: FaultPolicy,
    readonly fraction: number,
    readonly how: "reset" | "cable" | "silence",
  ) {}
  check = (model: Readonly<Model>): boolean => !model.cableOut;
  async run(model: Model, real: Real): Promise<void> {
    const { link } = real;
    const mission = MISSIONS[this.policy]!;
    const chunks = Math.floor((this.fraction * mission.length) / MAX_CHUNK_BYTES);
    await link.send(writeHello(link.w, 9, false));
    await link.send(writeUploadBegin(link.w, 7, mission.length, crc32(mission)));
    for (let seq = 0; seq < chunks; seq++) {
      const start = seq * MAX_CHUNK_BYTES;
      const end = Math.min(start + MAX_CHUNK_BYTES, mission.length);
      await link.send(writeUploadChunk(link.w, seq, crc32(mission, start, end), mission, start, end));
    }
    if (this.how === "reset") {
      await link.lander.reset("button");
      await link.advance(AFTER_BOOT_MS);
      await helloChecksStored(model, real, false);
    } else if (this.how === "cable") {
      model.cableOut = true;
      await link.lander.disconnect(true);
    } else await link.advance(3000);
    real.checker.check();
  }
  toString = (): string => `cutUpload(${FAULT_POLICY_NAMES[this.policy]}, ${this.fraction.toFixed(2)}, ${this.how})`;
}

/** The chip resets: it comes back disarmed, not running, whatever it was doing. */
export class ChipReset implements Step {
  constructor(readonly cause: ResetCause) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.link.lander.reset(this.cause);
    await real.link.advance(AFTER_BOOT_MS);
    real.checker.check();
    const now = real.link.lander.status;
    expect(now.booting).toBe(false);
    expect(now.armed).toBe(false);
    expect(now.mode).not.toBe(Mode.Running);
    // What flash holds is what the new boot reads back.
    if (!model.cableOut) await helloChecksStored(model, real, false);
  }
  toString = (): string => `chipReset(${this.cause})`;
}

/** The battery sags below the brownout level for a moment, whatever the lander is doing. */
export class Sag implements Step {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.link.lander.setBattery(4.2);
    await real.link.advance(this.ms);
    await real.link.lander.setBattery(CHARGED_VOLTS);
    await real.link.advance(AFTER_BOOT_MS);
    real.checker.check();
    if (!model.cableOut) await helloChecksStored(model, real, false);
  }
  toString = (): string => `sag(${this.ms})`;
}

export class Cable implements Step {
  constructor(readonly out: boolean) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    model.cableOut = this.out;
    await real.link.lander.disconnect(this.out);
    real.checker.check();
  }
  toString = (): string => `cable(${this.out ? "out" : "in"})`;
}

// Request ids from a small set, so that stops and starts often repeat the previous one's.
