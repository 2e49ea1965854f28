// Every enum the lander reports has a label for each member and none left over: read from the
// enums' source with the TypeScript compiler (const enums leave nothing to read at run time),
// so a member added without its label fails here, not as "mode 6" on someone's screen.
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REFUSAL_LABELS } from "../../firmware/lander/refusal";
import { MODE_NAMES } from "../../firmware/lander/status";
import { RESET_REASON_NAMES, RESULT_NAMES } from "../../firmware/protocol/codec";
import { FAULT_NAMES } from "../../firmware/safety/faults";
import { PHASE_NAMES } from "../../firmware/sequence/phases";
import {
  EVENT_KINDS,
  clock,
  duration,
  faultLabel,
  modeLabel,
  refusalLabel,
  seconds,
} from "../../host-tools/src/labels";
import { REPO_ROOT } from "../../host-tools/src/paths";

/** The values of `enum name` in a firmware file, by member. */
function enumValues(file: string, name: string): Map<string, number> {
  const source = ts.createSourceFile(file, readFileSync(path.join(REPO_ROOT, file), "utf8"), ts.ScriptTarget.ES2022);
  const values = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isEnumDeclaration(node) && node.name.text === name) {
      let next = 0;
      for (const member of node.members) {
        const init = member.initializer;
        const value = init && ts.isNumericLiteral(init) ? Number(init.text) : next;
        values.set(member.name.getText(source), value);
        next = value + 1;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (values.size === 0) throw new Error(`no enum ${name} in ${file}`);
  return values;
}

describe("labels", () => {
  it.each([
    ["Mode", "firmware/lander/status.ts", MODE_NAMES],
    ["Phase", "firmware/sequence/phases.ts", PHASE_NAMES],
    ["Fault", "firmware/safety/faults.ts", FAULT_NAMES],
    ["ResetReason", "firmware/protocol/messages.ts", RESET_REASON_NAMES],
    ["Result", "firmware/protocol/messages.ts", RESULT_NAMES],
    ["Refusal", "firmware/lander/refusal.ts", REFUSAL_LABELS],
  ] as const)("%s: one label for each member, at its value, and no more", (name, file, labels) => {
    const values = [...enumValues(file, name).values()].sort((a, b) => a - b);
    expect(values).toEqual(labels.map((_, i) => i));
    for (const label of labels) expect(label.length).toBeGreaterThan(0);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("EventKind: every kind has its run-log name", () => {
    const kinds = [...enumValues("firmware/protocol/messages.ts", "EventKind").values()];
    expect(kinds.map((k) => EVENT_KINDS[k as keyof typeof EVENT_KINDS]?.[0]).every(Boolean)).toBe(true);
    expect(Object.keys(EVENT_KINDS).map(Number).sort()).toEqual([...kinds].sort());
  });

  it("a value without a name shows as its number, never undefined", () => {
    expect(modeLabel(99)).toBe("mode 99");
    expect(faultLabel(0)).toBe(FAULT_NAMES[0]);
    expect(refusalLabel(99)).toBe("refusal 99");
  });

  it("times: a column, a cell and a duration", () => {
    expect(clock(12_345)).toBe("   12.3 s");
    expect(seconds(600)).toBe("0.6 s");
    expect([3500, 59_600, 119_600, 165_000].map(duration)).toEqual(["3.5 s", "1 min 0 s", "2 min 0 s", "2 min 45 s"]);
  });
});
