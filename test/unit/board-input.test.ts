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
  const lines = problemsOfText(JSON.stringify(board, null, 2));
  // Every problem in the text is placed: check-board prints FILE:LINE:COL for each.
  for (const line of lines) expect(line).toMatch(/^esp32-devkitc\.json:\d+:\d+: /);
  return lines.map((line) => line.replace(/^esp32-devkitc\.json:\d+:\d+: /, ""));
}

/** The 1-based line and column (bytes) where `needle` starts in `text`, as check-board prints it. */
function placeOf(text: string, needle: string, from = 0): string {
  const before = text.slice(0, text.indexOf(needle, from));
  const lineStart = before.lastIndexOf("\n") + 1;
  return `${before.split("\n").length}:${Buffer.byteLength(before.slice(lineStart)) + 1}`;
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
    const escaped = DEVKITC.replace('"home": 20,', '"home": 20, "x\\u0041": 1, "xA2": 2,');
    expect(problemsOfText(escaped)).toEqual([
      `esp32-devkitc.json:${placeOf(escaped, '"x\\u0041"')}: /joints/shoulder: unknown key "xA"`,
      `esp32-devkitc.json:${placeOf(escaped, '"xA2"')}: /joints/shoulder: unknown key "xA2"`,
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

  it("places every problem at the value to fix: schema, pins, poses, id and syntax", () => {
    const board = JSON.parse(DEVKITC) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    board.joints.wrist.maxUs = 3000;
    delete board.estop;
    board.poses["a/b"] = board.poses.ready;
    const schemaText = JSON.stringify(board, null, 2);
    const at = (needle: string, after: string): string =>
      placeOf(schemaText, needle, schemaText.indexOf(after)).replace(/\d+$/, (col) =>
        String(Number(col) + needle.length),
      );
    expect(problemsOfText(schemaText)).toEqual([
      "esp32-devkitc.json:1:1: /: must have required property 'estop'",
      `esp32-devkitc.json:${at('"maxUs": ', '"wrist"')}: /joints/wrist/maxUs: must be <= 2600`,
      `esp32-devkitc.json:${placeOf(schemaText, '"a/b"')}: /poses: the key "a/b" must match pattern "^[a-z][a-z0-9-]*$"`,
    ]);
    delete board.poses["a/b"];
    board.poses.reach = { ...board.poses.ready, shoulder: 175 };
    board.estop = JSON.parse(DEVKITC).estop;
    board.joints.wrist.maxUs = 2400;
    board.joints.shoulder.pin = 12;
    const checkText = JSON.stringify(board, null, 2);
    expect(problemsOfText(checkText, "other.json")).toEqual([
      `other.json:${placeOf(checkText, "12", checkText.indexOf('"shoulder"'))}: /joints/shoulder/pin: GPIO12 is a strapping pin: a servo on it can stop the board booting`,
      `other.json:${placeOf(checkText, "175", checkText.indexOf('"reach"'))}: /poses/reach/shoulder: 175° is outside the shoulder's 10..170°`,
      `other.json:${placeOf(checkText, '"esp32-devkitc"')}: /id: "esp32-devkitc" must match the file name "other"`,
    ]);
  });

  it("places a JSON syntax error where the parser stopped, with or without V8's position", () => {
    expect(problemsOfText('{\n  "id": "a",,\n}')).toEqual([
      "esp32-devkitc.json:2:13: not JSON: Expected double-quoted property name",
    ]);
    expect(problemsOfText('{"notes": ["é", 1,]}')).toEqual(["esp32-devkitc.json:1:20: not JSON: Unexpected token ']'"]);
    expect(problemsOfText('{\n  "id": "a"')).toEqual([
      "esp32-devkitc.json:2:12: not JSON: Expected ',' or '}' after property value",
    ]);
    expect(problemsOfText("")).toEqual(["esp32-devkitc.json:1:1: not JSON: Unexpected end of JSON input"]);
  });

  it("places a problem 200,000 arrays deep without overflowing", () => {
    // No wall-clock bound here: on a loaded 2-core machine this took 1.4 to 1.8 s against 0.6 s
    // alone, so a time limit fails for the machine, not the code.
    const deep = DEVKITC.replace('"notes": [', `"notes": [${"[".repeat(200_000)}${"]".repeat(200_000)},`);
    expect(problemsOfText(deep)).toEqual([
      `esp32-devkitc.json:${placeOf(deep, "[", deep.indexOf('"notes": [') + 10)}: /notes/0: must be string`,
    ]);
  });

  it("refuses a device, a FIFO-like path and a UTF-16 file in one line each", () => {
    const zero = path.join(dir, "zero.json");
    symlinkSync("/dev/zero", zero);
    expect(() => loadBoard(zero)).toThrow(
      new BoardError(zero, [{ text: "is a character device, not a regular file" }]),
    );
    const utf16 = path.join(dir, "esp32-devkitc.json");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DEVKITC, "utf16le")]));
    expect(() => loadBoard(utf16)).toThrow(
      `${utf16}:1:1: the file is UTF-16 text (it starts with a UTF-16LE byte-order mark): save it as UTF-8`,
    );
  });
});
