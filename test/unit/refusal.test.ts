// Refusals are codes the firmware compares and one table of words a host is shown: every code has
// its label, and every line the lander sends for one fits the UART's 128-byte TX FIFO whole.
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { MissionRefusal, REFUSAL_LABELS, Refusal } from "../../firmware/lander/refusal";
import { MAX_MISSION_STEPS } from "../../firmware/mission/format";
import { REPO_ROOT } from "../../host-tools/src/paths";

/** Refusal's values, read from its source (a const enum leaves nothing to read at run time). */
function refusalValues(): number[] {
  const file = path.join(REPO_ROOT, "firmware/lander/refusal.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
  const values: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isEnumDeclaration(node) && node.name.text === "Refusal") {
      for (const member of node.members) values.push(Number((member.initializer as ts.NumericLiteral).text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return values;
}

/** Firmata STRING_DATA: F0 71, two septets a character, F7. */
function stringDataBytes(text: string): number {
  return 3 + 2 * text.length;
}

describe("refusal codes and their labels", () => {
  it("labels each code, at its value, in a frozen table", () => {
    expect(refusalValues()).toEqual(REFUSAL_LABELS.map((_, i) => i));
    expect(Object.isFrozen(REFUSAL_LABELS)).toBe(true);
    expect(REFUSAL_LABELS[Refusal.None]).toBe("");
    expect(REFUSAL_LABELS[Refusal.NotArmed]).toBe("not armed");
    expect(REFUSAL_LABELS[Refusal.EStopped]).toBe("e-stopped");
    expect(REFUSAL_LABELS[Refusal.SequenceRunning]).toBe("sequence running");
    expect(new Set(REFUSAL_LABELS).size).toBe(REFUSAL_LABELS.length);
    for (const label of REFUSAL_LABELS) expect(label.length).toBeLessThan(60);
  });

  it("spells out a mission refusal as the host has always read it", () => {
    const refusal = new MissionRefusal();
    expect(refusal.refuse(Refusal.Busy)).toBe(Refusal.Busy);
    expect(refusal.text()).toBe("busy");
    expect(refusal.otherBoard(0x0badcafe, 0xfeedbeef | 0)).toBe(Refusal.OtherBoard);
    // farside upload parses exactly this shape (host-tools/src/cli/mission-upload.ts).
    expect(refusal.text()).toMatch(/^board hash ([0-9a-f]{8}), mine ([0-9a-f]{8})$/);
    expect(refusal.text()).toBe("board hash 0badcafe, mine feedbeef");
    expect(refusal.stepDoesNotFit(12)).toBe(Refusal.StepDoesNotFit);
    expect(refusal.text()).toBe("step 12 does not fit this lander");
    expect(refusal.undecodable("not a farside mission")).toBe(Refusal.Undecodable);
    expect(refusal.text()).toBe("not a farside mission");
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
});
