// Board files check-board must refuse although they parse: link pins the chip cannot give the
// UART, an e-stop a broken wire cannot trip, keys given twice or misspelt anywhere, pose names
// no mission can send, and files that are not regular files.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BoardError, listBoardIds, loadBoard, parseBoard } from "../../host-tools/src/boards/load";
import { BOARDS_DIR } from "../../host-tools/src/paths";

const dir = mkdtempSync(path.join(tmpdir(), "farside-board-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEVKITC = readFileSync(path.join(BOARDS_DIR, "esp32-devkitc.json"), "utf8");

function problemsOfText(text: string, file = "esp32-devkitc.json"): string[] {
  try {
    parseBoard(text, file);
    return [];
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    return error.message.split("\n");
  }
}

// The copy is parsed JSON that each test breaks in its own deliberately invalid way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function problemsOf(change: (board: Record<string, any>) => void): string[] {
  const board = JSON.parse(DEVKITC) as Record<string, unknown>;
  change(board);
  return problemsOfText(JSON.stringify(board, null, 2)).map((line) => line.replace("esp32-devkitc.json: ", ""));
}

describe("board files check-board refuses", () => {
  it("passes the project's own boards", () => {
    for (const id of listBoardIds()) expect(() => loadBoard(id), id).not.toThrow();
  });

  it("refuses link pins the chip lacks, flash pins and an input-only transmit pin", () => {
    expect(problemsOf((b) => (b.link.transmit = 40))).toEqual(["/link/transmit: GPIO40 does not exist on the ESP32"]);
    expect(problemsOf((b) => (b.link.receive = 7))).toEqual([
      "/link/receive: GPIO7 belongs to the ESP32's flash or PSRAM",
    ]);
    expect(problemsOf((b) => (b.link.transmit = 34))).toContain(
      "/link/transmit: GPIO34 is input-only on the ESP32: it cannot transmit",
    );
  });

  it("refuses an e-stop whose broken wire would not read as tripped", () => {
    expect(problemsOf((b) => (b.estop.pull = "down"))).toEqual([
      '/estop: with pull "down" and activeLevel 1 a broken e-stop wire reads 0, not tripped: use activeLevel 0 (a normally-closed switch to 3.3 V)',
    ]);
    expect(problemsOf((b) => (b.estop.pull = "none"))).toEqual([
      '/estop: with pull "none" a broken e-stop wire floats and may never trip: use pull "up" with activeLevel 1',
    ]);
    expect(problemsOf((b) => (b.estop.activeLevel = 0))).toEqual([
      '/estop: with pull "up" and activeLevel 0 a broken e-stop wire reads 1, not tripped: use activeLevel 1 (a normally-closed switch to GND)',
    ]);
    // A pull-down with an active-low switch fails safe too.
    expect(
      problemsOf((b) => {
        b.estop.pull = "down";
        b.estop.activeLevel = 0;
      }),
    ).toEqual([]);
  });

  it("names a key given twice, its object and its line, instead of keeping the last", () => {
    const text = DEVKITC.replace('"minAngle": 10,', '"minAngle": 10,\n      "minAngle": -180,');
    const line = text.slice(0, text.indexOf('"minAngle": -180')).split("\n").length;
    expect(problemsOfText(text)).toEqual([
      `esp32-devkitc.json:${line}:7: /joints/shoulder: the key "minAngle" is given twice (JSON keeps only the last)`,
    ]);
    expect(problemsOfText('{"id": "a", "id": "b"}', "a.json")).toEqual([
      'a.json:1:13: /: the key "id" is given twice (JSON keeps only the last)',
    ]);
    // The same key in two objects, and an escaped key that only looks the same, are fine.
    expect(problemsOfText(DEVKITC.replace('"home": 20,', '"home": 20, "x\\u0041": 1, "xA2": 2,'))).toEqual([
      'esp32-devkitc.json: /joints/shoulder: unknown key "xA"',
      'esp32-devkitc.json: /joints/shoulder: unknown key "xA2"',
    ]);
  });

  it("names unknown keys anywhere, inside a joint and the lid too, with their path", () => {
    expect(
      problemsOf((b) => {
        b.joints.shoulder.maxAngel = 200;
        b.lid.colour = "red";
        b.surprise = 1;
      }),
    ).toEqual(['/: unknown key "surprise"', '/joints/shoulder: unknown key "maxAngel"', '/lid: unknown key "colour"']);
  });

  it("refuses a pose name longer than a mission can carry", () => {
    const long = `p${"o".repeat(299)}`;
    expect(problemsOf((b) => (b.poses[long] = b.poses.ready))).toEqual([
      `/poses/${long.slice(0, 40)}…: a pose name of 300 characters: a mission can name at most 32`,
    ]);
  });

  it("refuses a device, a FIFO-like path and a UTF-16 file in one line each", () => {
    const zero = path.join(dir, "zero.json");
    symlinkSync("/dev/zero", zero);
    expect(() => loadBoard(zero)).toThrow(new BoardError(zero, ["is a character device, not a regular file"]));
    const utf16 = path.join(dir, "esp32-devkitc.json");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DEVKITC, "utf16le")]));
    expect(() => loadBoard(utf16)).toThrow(
      `${utf16}:1:1: the file is UTF-16 text (it starts with a UTF-16LE byte-order mark): save it as UTF-8`,
    );
  });
});
