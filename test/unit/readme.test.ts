// The README's wiring tables are what a hobbyist solders from: they must match the board files.
// Its mission example is what a newcomer copies first: it must bring samples home.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listBoardIds, loadBoard } from "../../host-tools/src/boards/load";
import { loadMission } from "../../host-tools/src/mission/load";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { flyOnSimulator } from "../support/fly";

const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** The rows of the wiring table under a board's heading, as part → GPIO text. */
function wiringTable(id: string): Map<string, string> {
  const start = readme.indexOf(`(\`${id}\``);
  expect(start, `README has a section for ${id}`).toBeGreaterThan(0);
  const rows = new Map<string, string>();
  for (const line of readme.slice(start).split("\n").slice(1)) {
    if (line.startsWith("###")) break;
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length === 4 && /^\d/.test(cells[2])) rows.set(cells[1], cells[2]);
  }
  return rows;
}

describe("README wiring tables", () => {
  it.each(listBoardIds())("match boards/%s.json", (id) => {
    const board = loadBoard(id);
    const rows = wiringTable(id);
    const expected: [string, number | string][] = [
      ["shoulder servo", board.joints.shoulder.pin],
      ["elbow servo", board.joints.elbow.pin],
      ["wrist servo", board.joints.wrist.pin],
      ["scoop servo", board.joints.scoop.pin],
      ["drill spin (ESC or continuous servo)", board.drill.spin.pin],
      ["drill feed servo", board.drill.feed.pin],
      ["container lid servo", board.lid.pin],
      ["flag servo", board.flag.pin],
      [`ascender engine LED (lit ${board.ascender.activeLevel ? "high" : "low"})`, board.ascender.pin],
      ["e-stop (normally closed to GND)", board.estop.pin],
      ["start button", board.start.pin],
      ["link UART TX / RX", `${board.link.transmit} / ${board.link.receive}`],
    ];
    if (board.drill.load) expected.push(["drill current sense (analog)", board.drill.load.pin]);
    if (board.battery) expected.push(["battery sense divider (analog)", board.battery.pin]);
    if (board.servoSense) expected.push(["servo rail current sense (analog)", board.servoSense.pin]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected.map(([part, pin]) => [part, String(pin)])));
  });
});

/** The README's first YAML block under `## Missions`: the example a newcomer copies. */
function missionExample(): string {
  const section = readme.slice(readme.indexOf("\n## Missions"));
  const start = section.indexOf("```yaml\n");
  expect(start, "README has a YAML mission example").toBeGreaterThan(0);
  return section.slice(start + "```yaml\n".length, section.indexOf("```\n", start + 8));
}

describe("README mission example", () => {
  it("validates without a warning and, flown on the simulator, fills the container", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "farside-readme-"));
    try {
      const file = path.join(dir, "example.yaml");
      writeFileSync(file, missionExample());
      const checked = loadMission(file);
      expect(checked.warnings).toEqual([]);
      const flown = await flyOnSimulator(checked);
      expect(flown.completed, flown.printed.join("\n")).toBe(true);
      // The core and a scoop from each site went in; nothing fell on the deck.
      expect(flown.coreMm).toBeGreaterThan(0);
      expect(flown.scoops).toBe(2);
      expect(flown.containerG).toBeGreaterThan(10);
      expect(flown.spilledG).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
