// The uploaded mission in flash: checked on arrival, kept across a reset, and refused with a
// code (and the words a host is shown) when it cannot be run here or kept.
import { describe, expect, it } from "vitest";
import { boardHash } from "../../firmware/board/hash";
import { MissionStore } from "../../firmware/lander/mission-store";
import { Refusal } from "../../firmware/lander/refusal";
import { crc32 } from "../../firmware/protocol/crc32";
import { Phase } from "../../firmware/sequence/phases";
import { FaultPolicy, type Step } from "../../firmware/sequence/steps";
import { loadBoard } from "../../host-tools/src/boards/load";
import { VirtualFlash } from "../../host-tools/src/sim/xs/virtual-flash";
import { ABORT_EVERYWHERE, compiled } from "../support/missions";

const board = loadBoard("esp32-devkitc");
const HASH = boardHash(board);
const everyStepFits = (): number => -1;
const steps: Step[] = [
  { kind: "selftest", phase: Phase.SelfTest },
  { kind: "spin", phase: Phase.Drilling, rpm: 300 },
];

describe("mission store", () => {
  it("runs the built-in sequence until a mission is taken, then keeps it across a reset", () => {
    const flash = new VirtualFlash();
    const store = new MissionStore(flash, HASH, everyStepFits);
    expect([store.name, store.crc, store.steps]).toEqual(["default", 0, undefined]);
    expect(store.policy(Phase.Drilling)).toBe(FaultPolicy.Abort);
    const policies = [...ABORT_EVERYWHERE];
    policies[Phase.Drilling] = FaultPolicy.Skip;
    const bytes = compiled(steps, "kept", policies);
    expect(store.take(bytes, bytes.length)).toBe(Refusal.None);
    expect(store.name).toBe("kept");
    expect(store.crc).toBe(crc32(bytes, 0, bytes.length) | 0);
    expect(store.steps).toEqual(steps);
    expect(store.policy(Phase.Drilling)).toBe(FaultPolicy.Skip);
    const after = new MissionStore(flash, HASH, everyStepFits);
    after.restore();
    expect([after.name, after.crc]).toEqual(["kept", store.crc]);
  });

  it("refuses what it cannot read, another board's mission, and a step that does not fit", () => {
    const store = new MissionStore(new VirtualFlash(), HASH, (s) => (s.length > 1 ? 1 : -1));
    const garbage = Uint8Array.of(1, 2, 3);
    expect(store.take(garbage, garbage.length)).toBe(Refusal.Undecodable);
    expect(store.refusal.text()).toBe("not a farside mission");
    const other = compiled(steps.slice(0, 1), "other", ABORT_EVERYWHERE, { ...board, id: "another" });
    expect(store.take(other, other.length)).toBe(Refusal.OtherBoard);
    expect(store.refusal.text()).toMatch(/^board hash [0-9a-f]{8}, mine [0-9a-f]{8}$/);
    const long = compiled(steps);
    expect(store.take(long, long.length)).toBe(Refusal.StepDoesNotFit);
    expect(store.refusal.text()).toBe("step 1 does not fit this lander");
    expect(store.name).toBe("default");
  });

  it("refuses a mission flash would not keep, and keeps the one it had", () => {
    const flash = new VirtualFlash();
    const store = new MissionStore(flash, HASH, everyStepFits);
    const first = compiled(steps, "first");
    expect(store.take(first, first.length)).toBe(Refusal.None);
    flash.failSets = true;
    const second = compiled(steps, "second");
    expect(store.take(second, second.length)).toBe(Refusal.FlashWriteFailed);
    expect(store.refusal.text()).toBe("flash write failed");
    expect(store.name).toBe("first");
  });

  it("does not restore a kept mission made for another board, or that no longer fits", () => {
    const flash = new VirtualFlash();
    const bytes = compiled(steps, "kept");
    new MissionStore(flash, HASH, everyStepFits).take(bytes, bytes.length);
    const elsewhere = new MissionStore(flash, HASH ^ 1, everyStepFits);
    elsewhere.restore();
    expect(elsewhere.name).toBe("default");
    const stricter = new MissionStore(flash, HASH, () => 0);
    stricter.restore();
    expect([stricter.name, stricter.crc]).toEqual(["default", 0]);
  });
});
