import { describe, expect, it } from "vitest";
import { Checkpoint } from "../../firmware/lander/checkpoint";
import { resetReasonFromEsp } from "../../firmware/platform/reset-reason";
import { ResetReason } from "../../firmware/protocol/codec";
import { VirtualFlash } from "../../host-tools/src/sim/xs/virtual-flash";

describe("mission checkpoint in flash", () => {
  it("survives into a fresh Checkpoint on the same flash, as across a reset", () => {
    const flash = new VirtualFlash();
    new Checkpoint(flash).save(17, 4, 63.7, [135.2, 110, 120.5, 10], 0xdeadbeef);
    const after = new Checkpoint(flash);
    expect(after.load()).toBe(true);
    expect(after).toMatchObject({ stepsDone: 17, phase: 4, depthMm: 63.7, held: true, missionCrc: 0xdeadbeef | 0 });
    expect(after.joints).toEqual([135.2, 110, 120.5, 10]);
  });

  it("fits Preference's 32-bit integers at the largest values the board schema allows", () => {
    const flash = new VirtualFlash();
    new Checkpoint(flash).save(16383, 9, 500, [180, 180, 180, 180], -1);
    const after = new Checkpoint(flash);
    expect(after.load()).toBe(true);
    expect(after).toMatchObject({ stepsDone: 16383, phase: 9, depthMm: 500 });
    expect(after.joints).toEqual([180, 180, 180, 180]);
    expect(flash.get("farside", "progress")).toBeLessThan(2 ** 31);
  });

  it("names its mission, and progress that does not (an older firmware's) is no checkpoint", () => {
    const flash = new VirtualFlash();
    new Checkpoint(flash).save(5, 2, 0, [90, 90, 90, 10], 0x12345678);
    flash.delete("farside", "ckpt-mission");
    expect(new Checkpoint(flash).load()).toBe(false);
  });

  it("is gone once cleared, so a boot after a finished mission finds nothing to continue", () => {
    const flash = new VirtualFlash();
    const checkpoint = new Checkpoint(flash);
    expect(checkpoint.load()).toBe(false);
    checkpoint.save(3, 2, 10, [20, 160, 90, 10], 0);
    checkpoint.clear();
    expect(checkpoint.held).toBe(false);
    expect(new Checkpoint(flash).load()).toBe(false);
  });

  it("counts a save or clear that flash refuses instead of throwing out of the control tick", () => {
    // On the ESP32 an exception escaping a tick restarts the chip mid-mission.
    const flash = new VirtualFlash();
    const checkpoint = new Checkpoint(flash);
    flash.failSets = true;
    expect(() => checkpoint.save(3, 2, 10, [20, 160, 90, 10], 0)).not.toThrow();
    flash.failErases = true;
    expect(() => checkpoint.clear()).not.toThrow();
    expect(checkpoint.failures).toBe(2);
    expect(new Checkpoint(flash).load()).toBe(false);
  });
});

describe("reset reasons", () => {
  it("maps ESP-IDF's esp_reset_reason_t to the link's reasons", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9, 0, 8, 10].map(resetReasonFromEsp)).toEqual([
      ResetReason.PowerOn,
      ResetReason.External,
      ResetReason.Software,
      ResetReason.Panic,
      ResetReason.Watchdog,
      ResetReason.Watchdog,
      ResetReason.Watchdog,
      ResetReason.Brownout,
      ResetReason.Unknown,
      ResetReason.Unknown,
      ResetReason.Unknown,
    ]);
  });
});
