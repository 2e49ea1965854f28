import { describe, expect, it } from "vitest";
import { counted } from "../../host-tools/src/labels";
import { LidWatch, sampleSummary } from "../../host-tools/src/sample-summary";

const none = { containerG: 0, spilledG: 0, coreMm: 0, scoops: 0 };

describe("the sample summary", () => {
  it("counts with the right plural", () => {
    expect([counted(0, "scoop"), counted(1, "scoop"), counted(2, "scoop"), counted(1, "chunk")]).toEqual([
      "0 scoops",
      "1 scoop",
      "2 scoops",
      "1 chunk",
    ]);
  });

  it("keeps what was collected apart from what reached the container, and says why it did not", () => {
    expect(sampleSummary({ ...none, coreMm: 35, scoops: 2, coreInDrillG: 0, lidOpened: false })).toBe(
      "collected: a 35 mm core and 2 scoops; in the container: 0.0 g (nothing was emptied into it; the lid was never opened)",
    );
    expect(
      sampleSummary({ ...none, coreMm: 35.4, scoops: 1, spilledG: 12.25, coreInDrillG: 20, lidOpened: true }),
    ).toBe(
      "collected: a 35 mm core and 1 scoop; in the container: 0.0 g (12.3 g spilled beside it; the core is still in the drill)",
    );
    expect(sampleSummary({ ...none, scoops: 1, heldG: 9.5 })).toBe(
      "collected: 1 scoop; in the container: 0.0 g (nothing was emptied into it; 9.5 g is still in the scoop)",
    );
  });

  it("says a full, sealed container plainly, and nothing collected as nothing", () => {
    expect(sampleSummary({ containerG: 116.25, spilledG: 0, coreMm: 59, scoops: 4, sealed: true })).toBe(
      "collected: a 59 mm core and 4 scoops; in the sealed container: 116.3 g",
    );
    expect(sampleSummary({ ...none, lidOpened: false })).toBe("collected: nothing; in the container: 0.0 g");
  });

  it("sees the lid open once its angle is nearer open than closed", () => {
    const lid = new LidWatch({ open: 100, closed: 10 });
    for (const angle of [10, 30, 54]) lid.see(angle);
    expect(lid.opened).toBe(false);
    lid.see(56);
    expect(lid.opened).toBe(true);
  });
});
