// Refusals are codes the firmware compares and one table of words a host is shown (its parity with
// the enum is test/unit/labels.test.ts's): every line the lander sends for one fits the UART's
// 128-byte TX FIFO whole, and UploadDone carries the number the line names.
import { describe, expect, it } from "vitest";
import { MissionRefusal, REFUSAL_LABELS, Refusal } from "../../firmware/lander/refusal";
import { MAX_MISSION_STEPS, decodeMission } from "../../firmware/mission/format";
import { Result } from "../../firmware/protocol/codec";
import { MissionRefusedError } from "../../host-tools/src/link/client-errors";

/** Firmata STRING_DATA: F0 71, two septets a character, F7. */
function stringDataBytes(text: string): number {
  return 3 + 2 * text.length;
}

describe("refusal codes and their labels", () => {
  it("labels each code in a frozen table", () => {
    expect(Object.isFrozen(REFUSAL_LABELS)).toBe(true);
    expect(REFUSAL_LABELS[Refusal.None]).toBe("none");
    expect(REFUSAL_LABELS[Refusal.NotArmed]).toBe("not armed");
    expect(REFUSAL_LABELS[Refusal.EStopped]).toBe("e-stopped");
    expect(REFUSAL_LABELS[Refusal.SequenceRunning]).toBe("sequence running");
    expect(new Set(REFUSAL_LABELS).size).toBe(REFUSAL_LABELS.length);
    for (const label of REFUSAL_LABELS) expect(label.length).toBeLessThan(60);
  });

  it("spells out a mission refusal for Firmata clients, and names its number for farside", () => {
    const refusal = new MissionRefusal();
    expect(refusal.refuse(Refusal.Busy)).toBe(Refusal.Busy);
    expect(refusal.text()).toBe("busy");
    expect(refusal.otherBoard(0x0badcafe, 0xfeedbeef | 0)).toBe(Refusal.OtherBoard);
    expect(refusal.text()).toBe("board hash 0badcafe, mine feedbeef");
    expect(refusal.detail).toBe(0xfeedbeef | 0);
    expect(refusal.stepDoesNotFit(12)).toBe(Refusal.StepDoesNotFit);
    expect(refusal.text()).toBe("step 12 does not fit this lander");
    expect(refusal.detail).toBe(12);
    expect(refusal.undecodable("not a farside mission")).toBe(Refusal.Undecodable);
    expect(refusal.text()).toBe("not a farside mission");
    expect(refusal.detail).toBe(0);
    expect(refusal.refuse(Refusal.FlashWriteFailed)).toBe(Refusal.FlashWriteFailed);
    expect(refusal.text()).toBe("flash write failed");
    expect(refusal.code).toBe(Refusal.FlashWriteFailed);
  });

  it("sends every refusal line whole through the 128-byte TX FIFO", () => {
    const refusal = new MissionRefusal();
    const lines = [
      `pin 48 refused: ${REFUSAL_LABELS[Refusal.NotArmed]}; arm: F0 0F 17 00 26 F7`,
      `pin 48 refused: ${REFUSAL_LABELS[Refusal.SequenceRunning]}`,
    ];
    refusal.otherBoard(0xffffffff, 0xffffffff);
    lines.push(`mission refused: ${refusal.text()}`);
    refusal.stepDoesNotFit(MAX_MISSION_STEPS - 1);
    lines.push(`mission refused: ${refusal.text()}`);
    refusal.undecodable("mission format 255, this firmware reads 1");
    lines.push(`mission refused: ${refusal.text()}`);
    for (const line of lines) expect(stringDataBytes(line), line).toBeLessThanOrEqual(128);
  });

  it("farside words a refused mission from UploadDone's code and number, as the lander's line does", () => {
    const garbage = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) & 0xff);
    const lander = new MissionRefusal();
    const why = decodeMission(garbage, garbage.length);
    expect(typeof why).toBe("string");
    lander.undecodable(why as string);
    const undecodable = new MissionRefusedError(Result.Refused, lander.code, lander.detail, garbage);
    expect(undecodable.reason).toBe(`${REFUSAL_LABELS[Refusal.Undecodable]}: ${lander.text()}`);
    lander.stepDoesNotFit(7);
    expect(new MissionRefusedError(Result.Refused, lander.code, lander.detail, garbage).reason).toBe(lander.text());
    lander.otherBoard(1, 0xc0ffee);
    expect(new MissionRefusedError(Result.Refused, lander.code, lander.detail, garbage).reason).toBe(
      "made for another board (the lander's board hash is 00c0ffee)",
    );
    expect(new MissionRefusedError(Result.BadCrc, Refusal.None, 0, garbage).message).toBe(
      "the lander refused the mission: bad CRC",
    );
  });
});
