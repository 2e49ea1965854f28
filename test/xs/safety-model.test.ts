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
import { Msg } from "../../firmware/protocol/codec";
import type { ResetCause } from "../../host-tools/src/sim/protocol";
import { FaultPolicy } from "../../firmware/sequence/steps";
import { SimLink } from "../support/sim-link";
import { seededPerRun } from "../support/xs-ledger";
import { Checker } from "./support/safety-checker";

import {
  Advance,
  board,
  Cable,
  ChipReset,
  Command,
  CutUpload,
  EStopSwitch,
  Hello,
  PressStart,
  Sag,
  ServoWrite,
  StallWhileDrilling,
  SystemReset,
  Upload,
  WorldFault,
  storedMissionChecks,
  type Real,
  type Step,
} from "./support/safety-steps";

const RUNS = Number(process.env.FARSIDE_MODEL_RUNS ?? 1000);
// About 50 ms a sequence on a quiet machine; ten times that before calling a run stuck.
const TIMEOUT_MS = Math.max(1_800_000, RUNS * 500);
// A new seed each run, printed, so that every run explores and any failure replays exactly.
const SEED =
  process.env.FARSIDE_MODEL_SEED === undefined
    ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
    : Number(process.env.FARSIDE_MODEL_SEED);
seededPerRun(SEED);

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
  fc
    .tuple(
      fc.constantFrom(FaultPolicy.Retry, FaultPolicy.Skip, FaultPolicy.Abort),
      fc.double({ min: 0, max: 0.99, noNaN: true }),
      fc.constantFrom("reset" as const, "cable" as const, "silence" as const),
    )
    .map(([policy, fraction, how]) => new CutUpload(policy, fraction, how)),
  fc.constantFrom<ResetCause>("brownout", "button", "watchdog", "panic").map((cause) => new ChipReset(cause)),
  fc.integer({ min: 5, max: 200 }).map((ms) => new Sag(ms)),
];
const steps = fc.commands(arbitraries, { maxCommands: 14 });

describe("safety, model-based, in XS", () => {
  let link: SimLink;
  beforeAll(async () => {
    link = await SimLink.boot(board, { keepTrace: true });
  });
  afterAll(() => link?.close());

  // Sequences a soak once failed on, shrunk, kept so that each stays fixed.
  it.each([
    {
      // The tick that ends the safe state after an e-stop moves the shoulder its last count
      // towards rest as it reports Safe (a checker bug, found at run 23,260).
      name: "e-stop during a hand move",
      steps: [
        new Command(Msg.Arm, 1),
        new ServoWrite(0, 0),
        new ServoWrite(0, 0),
        new Command(Msg.EStop, 1),
        new Advance(46),
      ],
    },
    {
      // The same, a millisecond later: the tick says Safe at its start and writes at its end
      // (found at run 38,771 of the next soak).
      name: "system reset, then a chip reset mid-upload",
      steps: [
        new Command(Msg.Arm, 1),
        new ServoWrite(0, 0),
        new Command(Msg.Resume, 1),
        new SystemReset(),
        new CutUpload(FaultPolicy.Retry, 0, "reset"),
      ],
    },
  ])("keeps them in a sequence a soak found: $name", async ({ steps: known }) => {
    await link.restart();
    const real: Real = { link, checker: new Checker(link, board) };
    await fc.asyncModelRun(() => ({ model: { cableOut: false, stored: new Set([0]) }, real }), known);
  });

  it(
    `keeps every safety invariant over ${RUNS} random sequences of commands, presses and faults`,
    async () => {
      console.log(`safety model: ${RUNS} sequences, FARSIDE_MODEL_SEED=${SEED}`);
      await fc.assert(
        fc.asyncProperty(steps, async (commands) => {
          await link.restart();
          const real: Real = { link, checker: new Checker(link, board) };
          await fc.asyncModelRun(() => ({ model: { cableOut: false, stored: new Set([0]) }, real }), commands);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // The stored-mission check above ran often enough to mean something.
      expect(storedMissionChecks()).toBeGreaterThan(RUNS / 10);
    },
    TIMEOUT_MS,
  );
});
