// The progress bar in a real terminal: a tmux pane 60 columns wide. The bar must fit it (never
// wrap), show the drill's depth while the drill feeds, and keep moving through the long feed
// step, in run and in replay.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, "dist", "farside.js");
const COLUMNS = 60;

/** Eight seconds of feeding at 1 mm/s: long enough to watch the bar move through one step. */
const SLOW_DRILL = `name: slow drill
board: esp32-devkitc
phases:
  - phase: drilling
    steps:
      - spin: 300rpm
      - feed: { depth: 8mm, rate: 1mm/s }
      - retract: true
      - spin: 0rpm
`;

const hasTmux = await run("tmux", ["-V"]).then(
  () => true,
  () => false,
);

/** The pane's lines, wrapped lines joined again (-J), so a line that wrapped shows as too long. */
async function pane(session: string): Promise<string[]> {
  const { stdout } = await run("tmux", ["capture-pane", "-p", "-J", "-t", session]);
  return stdout.split("\n");
}

/** The bar's lines the pane showed, captured every 300 ms until `done` holds of the pane or 30 s pass. */
async function watchBar(session: string, done: (lines: string[]) => boolean): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + 30_000;
  for (;;) {
    const lines = await pane(session);
    seen.push(...lines.filter((line) => /^step \d+\/\d+ \|/.test(line)));
    if (done(lines) || Date.now() > end) return seen;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe.skipIf(!hasTmux)(`the progress bar in a ${COLUMNS}-column terminal`, () => {
  let dir: string | undefined;
  let sim: SimulatedBoard | undefined;
  const session = `farside-bar-${process.pid}`;
  afterEach(async () => {
    await run("tmux", ["kill-session", "-t", session]).catch(() => undefined);
    await sim?.stop();
    sim = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start(args: string[]): Promise<string> {
    dir = mkdtempSync(path.join(tmpdir(), "farside-bar-"));
    const mission = path.join(dir, "slow.yaml");
    writeFileSync(mission, SLOW_DRILL);
    const command = [process.execPath, CLI, ...args.map((arg) => (arg === "MISSION" ? mission : arg))]
      .concat(["--log", path.join(dir, "run.jsonl"), "--progress", "bar"])
      .map((word) => `'${word}'`)
      .join(" ");
    await run("tmux", ["new-session", "-d", "-s", session, "-x", String(COLUMNS), "-y", "20", `${command}; sleep 60`]);
    return mission;
  }

  function expectFitsAndDrills(bars: string[]): void {
    expect(bars.length).toBeGreaterThan(0);
    for (const line of bars) expect(line.trimEnd().length).toBeLessThan(COLUMNS);
    const depths = bars.map((line) => /drill (\d+)\/8 mm/.exec(line)?.[1]).filter((depth) => depth !== undefined);
    // Several depths along the way, not one frozen reading.
    expect(new Set(depths.filter((depth) => depth !== "0" && depth !== "8")).size).toBeGreaterThanOrEqual(2);
  }

  it("run: fits, shows the depth while drilling and moves through the feed", async () => {
    await start(["run", "--sim", "--speed", "2", "--mission", "MISSION"]);
    const bars = await watchBar(session, (lines) => lines.some((line) => line.includes("mission complete")));
    expectFitsAndDrills(bars);
    expect(bars.at(-1)).toMatch(/^step 4\/4 \| complete/);
  });

  it("replay on a lander in real time: the bar ticks on the lander's telemetry between steps", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    await start(["replay", "MISSION", "--port", sim.hostPath]);
    const bars = await watchBar(session, (lines) => lines.some((line) => line.includes("replay complete")));
    expectFitsAndDrills(bars);
  });
});
