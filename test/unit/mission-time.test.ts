import { describe, expect, it } from "vitest";
import { MissionTime } from "../../host-tools/src/runlog/mission-time";

describe("MissionTime", () => {
  it("counts lander time from the mission's start, not the lander's boot", () => {
    const time = new MissionTime();
    expect(time.at(14_000)).toBe(0);
    time.start(14_050);
    expect(time.at(14_050)).toBe(0);
    // A later Running mode (a resume) does not move the start.
    time.start(20_000);
    expect(time.at(30_050)).toBe(16_000);
  });

  it("goes on from where it stood when the lander's clock restarts at a reset", () => {
    const time = new MissionTime();
    time.start(5_000);
    expect(time.at(34_100)).toBe(29_100);
    // A brownout: the lander boots again and its ticks start from zero; its time since boot counts.
    expect(time.at(120)).toBe(29_220);
    expect(time.at(2_120)).toBe(31_220);
    expect(time.resetsMs).toEqual([34_100]);
    // A line a little out of order is not a reset, and the count does not go back for it.
    expect(time.at(1_900)).toBe(31_220);
    expect(time.at(2_320)).toBe(31_420);
    expect(time.resetsMs).toHaveLength(1);
  });
});
