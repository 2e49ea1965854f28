// Model-based safety test: fast-check drives the firmware in XS, on the virtual board, with random
// sequences of what hosts, the person at the model and the world can do to it: Firmata servo
// writes, lander commands with fresh and reused request ids, arm and disarm, the start button,
// the e-stop switch, a stalled drill, a jammed joint, a pulled cable. After every step it checks,
// on the board's PWM record and the lander's status, what must always hold:
// - nothing moves while disarmed, except the safe-state procedure, and that only towards safe
//   (each motion pin keeps one direction while it runs);
// - every acknowledged stop has acted within one control tick;
// - no pin gets a pulse outside its calibration, and no joint moves faster than its speed.
// FARSIDE_MODEL_RUNS sets how many sequences (1,000 in npm test; `npm run soak` runs many more),
// FARSIDE_MODEL_SEED replays a failing run exactly: fast-check prints both when one fails.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOINT_NAMES, type BoardConfig, type ServoCalibration } from "../../firmware/board/config";
import { Mode } from "../../firmware/lander/status";
import { Msg, writeCommand, writeHello } from "../../firmware/protocol/codec";
import { Fault } from "../../firmware/safety/faults";
import { loadBoard } from "../../host-tools/src/boards/load";
import type { SimEvent } from "../../host-tools/src/sim/protocol";
import { FAULT_POLICY_NAMES, FaultPolicy } from "../../firmware/sequence/steps";
import { drillThenScoop } from "../support/missions";
import { SimLink } from "../support/sim-link";

const board = loadBoard("esp32-devkitc");
const TICK_MS = 20;
const RUNS = Number(process.env.FARSIDE_MODEL_RUNS ?? 1000);
// A new seed each run, printed, so that every run explores and any failure replays exactly.
const SEED =
  process.env.FARSIDE_MODEL_SEED === undefined
    ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
    : Number(process.env.FARSIDE_MODEL_SEED);

interface MotionPin {
  readonly name: string;
  readonly minUs: number;
  readonly maxUs: number;
  /** For arm joints: the calibration and degrees per second, to check speed. */
  readonly joint?: { readonly calibration: ServoCalibration; readonly maxSpeed: number };
}

function motionPins(b: BoardConfig): Map<number, MotionPin> {
  const pins = new Map<number, MotionPin>();
  for (const name of JOINT_NAMES) {
    const j = b.joints[name];
    pins.set(j.pin, { name, minUs: j.minUs, maxUs: j.maxUs, joint: { calibration: j, maxSpeed: j.maxSpeed } });
  }
  pins.set(b.lid.pin, { name: "lid", minUs: b.lid.minUs, maxUs: b.lid.maxUs });
  pins.set(b.flag.pin, { name: "flag", minUs: b.flag.minUs, maxUs: b.flag.maxUs });
  const { spin, feed } = b.drill;
  pins.set(spin.pin, {
    name: "spin",
    minUs: Math.min(spin.stopUs, spin.fullUs),
    maxUs: Math.max(spin.stopUs, spin.fullUs),
  });
  pins.set(feed.pin, {
    name: "feed",
    minUs: Math.min(feed.minUs, feed.maxUs),
    maxUs: Math.max(feed.minUs, feed.maxUs),
  });
  return pins;
}

const MOTION = motionPins(board);
const MISSIONS = [FaultPolicy.Abort, FaultPolicy.Retry, FaultPolicy.Skip].reduce<Uint8Array[]>((all, policy) => {
  all[policy] = drillThenScoop(policy, board);
  return all;
}, []);
const US_PER_COUNT = 1_000_000 / (board.pwm.hz * ((1 << board.pwm.resolution) - 1));

function angleOf(cal: ServoCalibration, us: number): number {
  let fraction = (us - cal.minUs) / (cal.maxUs - cal.minUs);
  if (cal.inverted) fraction = 1 - fraction;
  return cal.minAngle + fraction * (cal.maxAngle - cal.minAngle);
}

/** What the checker knows of the lander between steps, and how far into the record it has read. */
class Checker {
  private pwmAt = 0;
  private eventAt = 0;
  private armed = false;
  private mode: number = Mode.Idle;
  /** Per pin: its last write (ms, µs) and, while the safe state runs disarmed, its direction. */
  private readonly last = new Map<number, { ms: number; us: number }>();
  private readonly direction = new Map<number, number>();
  /** An acknowledged stop since the last start: nothing may set the lander running by itself. */
  private stopped = false;

  constructor(private readonly link: SimLink) {}

  /** A stop was acknowledged (or, for SYSTEM_RESET and the switch, delivered). */
  stop(): void {
    this.stopped = true;
  }

  /** Something that may start the lander was sent or pressed. */
  started(): void {
    this.stopped = false;
  }

  /** Reads the record since the last check and fails on anything that broke an invariant. */
  check(): void {
    const { pwm, events } = this.link.lander.trace;
    const news: SimEvent[] = events.slice(this.eventAt);
    this.eventAt = events.length;
    let e = 0;
    for (; this.pwmAt < pwm.length; this.pwmAt += 3) {
      const ms = pwm[this.pwmAt]!;
      const pin = pwm[this.pwmAt + 1]!;
      const duty = pwm[this.pwmAt + 2]!;
      // The state at the write: every event before it, and those at its very ms, either way.
      for (; e < news.length && news[e]!.t < ms; e++) this.apply(news[e]!);
      const before = this.safeToMove();
      let tied = e;
      for (; tied < news.length && news[tied]!.t === ms; tied++) this.apply(news[tied]!);
      e = tied;
      const motion = MOTION.get(pin);
      if (!motion) continue;
      const us = duty * US_PER_COUNT;
      // A pulse within the calibration, or none at all (a channel just opened, or a reset).
      if (duty !== 0) {
        expect(us, `${motion.name} pulse`).toBeGreaterThanOrEqual(motion.minUs - 2);
        expect(us, `${motion.name} pulse`).toBeLessThanOrEqual(motion.maxUs + 2);
      }
      const previous = this.last.get(pin);
      if (motion.joint && previous && duty !== 0 && previous.us !== 0) {
        const moved = Math.abs(angleOf(motion.joint.calibration, us) - angleOf(motion.joint.calibration, previous.us));
        const allowed = (motion.joint.maxSpeed * (ms - previous.ms + TICK_MS)) / 1000 + 1;
        expect(moved, `${motion.name} moved ${moved.toFixed(1)}° in ${ms - previous.ms} ms`).toBeLessThanOrEqual(
          allowed,
        );
      }
      // A servo's first pulse (its channel just opened, at boot) holds it where it rests: not a move.
      const moves = previous !== undefined && previous.us !== 0 && previous.us !== us;
      if (moves && !before && !this.safeToMove()) {
        if (this.mode !== Mode.Safing) {
          throw new Error(`${motion.name} written at ${ms} ms while disarmed and not getting safe`);
        }
        // Getting safe while disarmed: each pin keeps one direction.
        const sign = Math.sign(us - previous.us);
        const kept = this.direction.get(pin);
        if (kept !== undefined && kept !== sign) {
          throw new Error(`${motion.name} turned back at ${ms} ms while the disarmed lander got safe`);
        }
        this.direction.set(pin, sign);
      }
      this.last.set(pin, { ms, us });
    }
    for (; e < news.length; e++) this.apply(news[e]!);
  }

  private safeToMove(): boolean {
    return this.armed;
  }

  private apply(event: SimEvent): void {
    if (event.type === "armed") this.armed = event.value === 1;
    if (event.type === "mode" && event.value === Mode.Running && this.stopped) {
      throw new Error(`the lander set itself running at ${event.t} ms after an acknowledged stop`);
    }
    if (event.type === "mode") {
      this.mode = event.value;
      this.direction.clear();
    }
  }
}

interface Real {
  readonly link: SimLink;
  readonly checker: Checker;
}

/** What the test itself set up that the lander cannot report: whether the cable is in. */
interface Model {
  cableOut: boolean;
}
type Step = fc.AsyncCommand<Model, Real>;

/** Sends bytes and lets them arrive, plus one control tick for the lander to act. */
async function deliver(real: Real, bytes: readonly number[]): Promise<void> {
  await real.link.lander.sendSerial(bytes);
  await real.link.advance(real.link.lander.wireMs(bytes.length) + TICK_MS);
}

function lastAck(real: Real, request: number, type: Msg): number | undefined {
  return real.link.drain("ack").find((a) => a.request === request && a.command === type)?.result;
}

class Advance implements Step {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    await real.link.advance(this.ms);
    real.checker.check();
  }
  toString = (): string => `advance(${this.ms})`;
}

class Command implements Step {
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

class Hello implements Step {
  constructor(readonly watch: boolean) {}
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    await deliver(real, Array.from(real.link.w.bytes.subarray(0, writeHello(real.link.w, 9, this.watch))));
    real.checker.check();
  }
  toString = (): string => `hello(${this.watch})`;
}

class SystemReset implements Step {
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

class ServoWrite implements Step {
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

class PressStart implements Step {
  check = (): boolean => true;
  async run(_m: Model, real: Real): Promise<void> {
    real.checker.started();
    await real.link.lander.press(board.start, 60);
    await real.link.advance(TICK_MS);
    real.checker.check();
  }
  toString = (): string => "pressStart";
}

class EStopSwitch implements Step {
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

class WorldFault implements Step {
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
class Upload implements Step {
  constructor(readonly policy: FaultPolicy) {}
  check = (model: Readonly<Model>): boolean => !model.cableOut;
  async run(_m: Model, real: Real): Promise<void> {
    await real.link.send(writeHello(real.link.w, 9, false));
    await real.link.upload(MISSIONS[this.policy]!, 4);
    real.checker.check();
  }
  toString = (): string => `upload(${FAULT_POLICY_NAMES[this.policy]})`;
}

/**
 * A compound step, for the states that random single steps rarely reach: a mission whose
 * drilling phase retries or skips on a fault, started and stalled mid-hole, so the lander is
 * getting safe with the retry or skip waiting for it. What follows decides what happens next.
 */
class StallWhileDrilling implements Step {
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

class Cable implements Step {
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
const request = fc.integer({ min: 1, max: 3 });
const arbitraries: fc.Arbitrary<Step>[] = [
  fc.integer({ min: 20, max: 1500 }).map((ms) => new Advance(ms)),
  fc.integer({ min: 20, max: 1500 }).map((ms) => new Advance(ms)),
  request.map((r) => new Command(Msg.Arm, r)),
  request.map((r) => new Command(Msg.Arm, r)),
  request.map((r) => new Command(Msg.Start, r)),
  request.map((r) => new Command(Msg.Disarm, r)),
  request.map((r) => new Command(Msg.Pause, r)),
  request.map((r) => new Command(Msg.Resume, r)),
  request.map((r) => new Command(Msg.Abort, r)),
  request.map((r) => new Command(Msg.EStop, r)),
  request.map((r) => new Command(Msg.Heartbeat, r)),
  request.map((r) => new Command(Msg.Continue, r)),
  fc.boolean().map((watch) => new Hello(watch)),
  fc.constant(new SystemReset()),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 180 })).map(([j, a]) => new ServoWrite(j, a)),
  fc.constant(new PressStart()),
  fc.boolean().map((tripped) => new EStopSwitch(tripped)),
  fc
    .tuple(fc.constantFrom("seize" as const, "jam" as const), fc.boolean(), fc.integer({ min: 0, max: 3 }))
    .map(([what, on, joint]) => new WorldFault(what, on, joint)),
  fc.boolean().map((out) => new Cable(out)),
  fc.constantFrom(FaultPolicy.Retry, FaultPolicy.Skip, FaultPolicy.Abort).map((policy) => new Upload(policy)),
  fc.constantFrom(FaultPolicy.Retry, FaultPolicy.Skip).map((policy) => new StallWhileDrilling(policy)),
];
const steps = fc.commands(arbitraries, { maxCommands: 14 });

describe("safety, model-based, in XS", () => {
  let link: SimLink;
  beforeAll(async () => {
    link = await SimLink.boot(board, { keepTrace: true });
  });
  afterAll(() => link?.close());

  it(`keeps every safety invariant over ${RUNS} random sequences of commands, presses and faults`, async () => {
    console.log(`safety model: ${RUNS} sequences, FARSIDE_MODEL_SEED=${SEED}`);
    await fc.assert(
      fc.asyncProperty(steps, async (commands) => {
        await link.restart();
        const real: Real = { link, checker: new Checker(link) };
        await fc.asyncModelRun(() => ({ model: { cableOut: false }, real }), commands);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 1_800_000);
});
