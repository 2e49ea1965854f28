// The README's wiring tables are what a hobbyist solders from: they must match the board files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listBoardIds, loadBoard } from "../../host-tools/src/boards/load";
import { REPO_ROOT } from "../../host-tools/src/paths";

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
