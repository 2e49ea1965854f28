// johnny-five, unmodified, drives the lander firmware running in XS behind a real
// pseudo-terminal: the documented example reaches `ready`, arms the lander with its one sysex,
// moves the shoulder, and the lander's own status reports the new angle.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

describe("johnny-five example against the simulated lander", () => {
  let sim: SimulatedBoard | undefined;
  afterEach(async () => sim?.stop());

  it("reaches ready, arms the lander, moves the shoulder to 90° and back, and reads the lander's sensors", async () => {
    const board = loadBoard("esp32-devkitc");
    sim = await SimulatedBoard.start(board);
    const example = spawn(
      process.execPath,
      [path.join(REPO_ROOT, "examples/johnny-five/shoulder.mjs"), sim.hostPath, board.id],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    example.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    example.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    let highest = 0;
    const watch = setInterval(() => {
      const angle = sim?.lander.status?.joints[0] ?? 0;
      if (angle > highest) highest = angle;
    }, 20);
    const code = await new Promise<number | null>((resolve) => example.on("exit", resolve));
    clearInterval(watch);
    expect(err).toBe("");
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ ready: "farside-lander", pins: 44 });
    // The documented arm sysex armed it, and the example disarmed it when done.
    expect(lines[1]).toEqual({ armed: true });
    expect(sim.lander.status.armed).toBe(false);
    expect(lines.some((line) => line.depthMm === 0 && line.phase === 0)).toBe(true);
    expect(lines.find((line) => "shoulder" in line)).toEqual({ shoulder: 90 });
    // The firmware, not johnny-five, says where the joint went: up to 90° and on its way back to stow.
    expect(highest).toBeCloseTo(90, 0);
    expect(sim.lander.status.joints[0]).toBeLessThan(highest - 10);
  }, 20_000);
});
