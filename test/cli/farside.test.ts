import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOARDS_DIR, REPO_ROOT } from "../../host-tools/src/paths";

function farside(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "farside.js"), ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("farside CLI", () => {
  it("demo runs the default sequence to completion on the simulated lander", () => {
    const { code, out, err } = farside("demo", "--board", "xiao-esp32s3");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/phase drilling/);
    expect(out).toMatch(/phase liftoff/);
    expect(out).toMatch(/complete: shoulder 20°, elbow 160°, wrist 90°, scoop 10°; drill 0 mm/);
    expect(out).toMatch(/0 overruns/);
    // The physical model saw the samples go in: a core and one scoop per site the board has.
    expect(out).toMatch(/\ncollected: a \d+ mm core and 4 scoops; in the sealed container: \d+\.\d g\n/);
  });

  it("lists the boards with their Moddable targets", () => {
    const { code, out } = farside("boards");
    expect(code).toBe(0);
    expect(out.trim().split("\n")).toHaveLength(3);
    expect(out).toMatch(/^esp32-s3-devkitc-1\s+esp32\/esp32s3\s+Espressif ESP32-S3-DevKitC-1$/m);
  });

  it("reports every problem in a bad board file, one line each, exit 2, no stack trace", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "farside-"));
    const board = JSON.parse(readFileSync(path.join(BOARDS_DIR, "esp32-devkitc.json"), "utf8"));
    board.id = "my-board";
    board.joints.shoulder.pin = 6;
    board.lid.pin = 2;
    const file = path.join(dir, "my-board.json");
    const text = JSON.stringify(board);
    writeFileSync(file, text);
    const { code, out, err } = farside("check-board", file);
    expect(code).toBe(2);
    expect(out).toBe("");
    const lines = err.trim().split("\n");
    // Each at the pin's value: the file is one line, so the column is the offset plus one.
    const col = (key: string, after: string): number => text.indexOf(`"${key}":`, text.indexOf(after)) + key.length + 4;
    expect(lines).toEqual([
      `farside: ${file}:1:${col("pin", '"shoulder"')}: /joints/shoulder/pin: GPIO6 belongs to the ESP32's flash or PSRAM`,
      `${file}:1:${col("pin", '"lid"')}: /lid/pin: GPIO2 is a strapping pin: a servo on it can stop the board booting`,
    ]);
    expect(err).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("check-board boards/*.json skips the schema beside the boards and passes them", () => {
    const files = readdirSync(BOARDS_DIR)
      .filter((name) => name.endsWith(".json"))
      .map((name) => path.join(BOARDS_DIR, name));
    const { code, out, err } = farside("check-board", ...files);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toMatch(/board\.schema\.json: skipped \(the schema board files are checked against\)\n/);
    expect(
      out
        .trim()
        .split("\n")
        .filter((line) => line.endsWith(")") && line.includes(": ok (")),
    ).toHaveLength(files.length - 1);
  });

  it("fails in one line for an unknown board and for malformed JSON", () => {
    const unknown = farside("demo", "--board", "uno");
    expect(unknown.code).toBe(2);
    expect(unknown.err.trim().split("\n")).toHaveLength(1);
    expect(unknown.err).toMatch(/no such board file \(known boards: esp32-devkitc, esp32-s3-devkitc-1, xiao-esp32s3\)/);
    const dir = mkdtempSync(path.join(tmpdir(), "farside-"));
    writeFileSync(path.join(dir, "broken.json"), "{ nope");
    const broken = farside("check-board", path.join(dir, "broken.json"));
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.json:1:3: not JSON: /);
  });

  it("--version and -V print package.json's version and exit 0", () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) expect(farside(flag)).toEqual({ code: 0, out: `${version}\n`, err: "" });
  });

  it("exits 2 on an unknown command and 0 on --help", () => {
    expect(farside("fly").code).toBe(2);
    const help = farside("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/demo/);
  });

  it("says what is wrong with a command line in one line, pointing at the command's help", () => {
    expect(farside("fly")).toMatchObject({ code: 2, err: "farside: unknown command 'fly' (farside --help)\n" });
    expect(farside("replay")).toMatchObject({
      code: 2,
      err: "farside: missing required argument 'file' (farside replay --help)\n",
    });
    expect(farside("run", "--speed")).toMatchObject({
      code: 2,
      err: "farside: option '--speed <n|max>' argument missing (farside run --help)\n",
    });
    expect(farside("dashboard", "--sim", "--listen", "http")).toMatchObject({
      code: 2,
      err: "farside: --listen takes a port from 1 to 65535, not http\n",
    });
    expect(farside("monitor", "--port", "/dev/ttyUSB-none", "--pty")).toMatchObject({
      code: 2,
      err: "farside: --pty goes with --sim: it puts the simulator on a pty\n",
    });
  });
});
