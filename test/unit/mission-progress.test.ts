import { afterEach, describe, expect, it, vi } from "vitest";
import { MissionProgress, wantsBar } from "../../host-tools/src/cli/mission-progress";
import { UserError } from "../../host-tools/src/errors";

describe("the mission progress bar", () => {
  afterEach(() => vi.restoreAllMocks());

  it("counts down to the estimate, then says how far past it the mission runs", () => {
    let written = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written += chunk.toString();
      return true;
    });
    const bar = new MissionProgress(10, 60_000);
    bar.update(4, "drilling", 20_000);
    bar.stop();
    expect(written).toMatch(/step 4\/10 \| drilling \| 20 s elapsed \| 40 s to go/);
    written = "";
    const late = new MissionProgress(10, 60_000);
    late.update(9, "drilling", 95_000);
    late.stop();
    expect(written).toMatch(/step 9\/10 \| drilling \| 1 min 35 s elapsed \| 35 s over the estimate/);
  });

  it("takes bar or lines and nothing else", () => {
    expect(wantsBar("bar")).toBe(true);
    expect(wantsBar("lines")).toBe(false);
    expect(() => wantsBar("dots")).toThrow(UserError);
  });
});
