// Flies a checked mission as `farside run --sim` does, in this process and at full speed, and
// says where its samples ended up: what the run log's world line records.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { lockstepSimulator } from "../../host-tools/src/cli/lander-link";
import { runMission } from "../../host-tools/src/cli/run-command";
import type { CheckedMission } from "../../host-tools/src/mission/load";

export interface FlownSamples {
  readonly completed: boolean;
  readonly containerG: number;
  readonly spilledG: number;
  readonly coreMm: number;
  readonly scoops: number;
  /** What run printed, line by line. */
  readonly printed: readonly string[];
}

export async function flyOnSimulator(mission: CheckedMission, seed = 1): Promise<FlownSamples> {
  const dir = mkdtempSync(path.join(tmpdir(), "farside-fly-"));
  const sim = await lockstepSimulator(mission.board, { seed });
  const printed: string[] = [];
  try {
    const logPath = path.join(dir, "run.jsonl");
    const outcome = await runMission(
      { link: sim.link, baudRate: 115200, mission, continue: false, logPath, bar: false },
      (line) => printed.push(line),
    );
    const world = readFileSync(logPath, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string })
      .find((line) => line.type === "world") as Omit<FlownSamples, "completed" | "printed"> | undefined;
    if (!world) throw new Error(`the run logged no world line:\n${printed.join("\n")}`);
    return { completed: outcome.ok, ...world, printed };
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
