// `farside console` as a user at a terminal meets it: on a real pseudo-terminal (util-linux's
// script), typing commands, recalling one with the up arrow, and leaving with Ctrl-C or quit;
// and fed from a pipe, as a script would. The lander is the simulator: console --sim's in
// process, or one on its own pty.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { CONSOLE_COMMANDS } from "../../host-tools/src/cli/console-commands";
import { REPO_ROOT } from "../../host-tools/src/paths";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";
import { farside } from "../support/cli";
import { farsideInPty, type PtyCli } from "../support/pty";

const UP_ARROW = "\x1b[A";
const CTRL_C = "\x03";

describe.skipIf(process.platform !== "linux")("farside console", () => {
  let console_: PtyCli | undefined;
  let sim: SimulatedBoard | undefined;
  afterEach(async () => {
    if (console_?.child.exitCode === null) console_.child.kill("SIGKILL");
    await sim?.stop();
    sim = undefined;
  });

  it("takes typed commands on a terminal, keeps their history, shows the lander's refusals and leaves it safe on Ctrl-C", async () => {
    const c = (console_ = farsideInPty(["console", "--sim"]));
    let at = await c.waitFor(/^esp32-devkitc firmware \d+\.\d+: type help for the commands; quit or Ctrl-C leaves$/);
    // In this process, no pty: the line says where a port for other programs comes from.
    expect(c.lines()[0]).toMatch(
      /^farside sim: .+, simulator \(in process\), real time \(no port for other programs: --pty or farside sim gives one\)$/,
    );

    c.type("help\r");
    at = await c.waitFor(/^ {2}quit +leave/, at);
    for (const command of CONSOLE_COMMANDS)
      expect(c.lines()).toContainEqual(expect.stringMatching(`^  ${command.name}\\b`));
    expect(c.lines()).toContainEqual(expect.stringMatching(/^ {2}jog JOINT DEG +move one joint/));

    c.type("fly\r");
    at = await c.waitFor(/^unknown command "fly": arm, disarm, jog JOINT DEG, estop, .*, help, quit$/, at);

    // Disarmed, the lander refuses the jog and says why in a Firmata string.
    const shoulderPin = loadBoard("esp32-devkitc").joints.shoulder.pin;
    c.type("jog shoulder 90\r");
    at = await c.waitFor(new RegExp(`^lander: pin ${shoulderPin} refused: not armed`), at);

    c.type("arm\r");
    await c.waitFor(/^ +\d+\.\d s {2}armed$/, at);
    at = await c.waitFor(/^arm: ok$/, at);
    c.type("jog shoulder 200\r");
    at = await c.waitFor(/^jog: shoulder to 170° \(its limit; asked 200°\) sent$/, at);
    // Armed, the shoulder goes there: telemetry shows it arrive.
    c.type("telemetry on\r");
    at = await c.waitFor(/^ +\d+\.\d s {2}idle +idle +step +0 {2}joints 170\/160\/90\/10°.* {2}ARMED$/, at, 20_000);
    c.type("telemetry off\r");
    at = await c.waitFor(/^telemetry: off$/, at);

    c.type("status\r");
    at = await c.waitFor(/^ +\d+\.\d s {2}idle +idle +step +0 {2}joints 170\/160\/90\/10°.* {2}ARMED$/, at);
    // The up arrow brings "status" back; Enter runs it again.
    c.type(UP_ARROW);
    await c.waitFor(/^farside> status$/, at + 1);
    c.type("\r");
    at = await c.waitFor(/^ +\d+\.\d s {2}idle .* {2}ARMED$/, at + 1);

    c.type(CTRL_C);
    await c.waitFor(/^ +\d+\.\d s {2}disarmed$/, at);
    await c.waitFor(/^left the lander safe and disarmed \(this console armed it\)$/, at);
    expect(await c.exit).toBe(0);
  }, 60_000);

  it("with --telemetry and --raw shows status lines and the link's bytes untyped; quit stops the mission it started", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    const c = (console_ = farsideInPty(["console", "--port", sim.hostPath, "--telemetry", "--raw"]));
    // Firmata's version query goes out first, and the lander's answer comes back.
    let at = await c.waitFor(/^tx f9$/);
    await c.waitFor(/^rx .*f9 02 06/, at);
    at = await c.waitFor(/^telemetry: on$/, at);
    at = await c.waitFor(/^ +\d+\.\d s {2}idle +idle .*battery \d\.\d\d V$/, at);

    c.type("arm\r");
    at = await c.waitFor(/^arm: ok$/, at);
    c.type("start\r");
    await c.waitFor(/^ +\d+\.\d s {2}phase self-test$/, at);
    await c.waitFor(/^ +\d+\.\d s {2}mode running$/, at);
    at = await c.waitFor(/^start: ok$/, at);
    c.type("quit\r");
    await c.waitFor(/^ +\d+\.\d s {2}mode safing$/, at);
    await c.waitFor(/^left the lander safe and disarmed \(this console armed it\)$/, at);
    expect(await c.exit).toBe(0);

    // The port is free again, and the lander is as the console said.
    const status = await farside("status", "--port", sim.hostPath);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^esp32-devkitc firmware [\d.]+ protocol [\d.]+: safe, .*, disarmed,/);
  }, 60_000);

  it("runs piped lines in order and ends with its input, leaving a lander it did not arm as it was", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "farside.js"), "console", "-p", sim.hostPath]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end("status\njog knee 3\ntelemetry sometimes\n");
    const code = await new Promise((resolve) => child.on("exit", resolve));
    // A console that opened the port while the lander was still booting (the simulator runs in
    // real time, and a loaded machine starts it late) also hears its power-on reset, rightly.
    const lines = out.split("\n").filter((line) => !/^ +0\.\d s {2}reset power-on$/.test(line));
    expect(lines).toEqual([
      expect.stringMatching(/^esp32-devkitc firmware/),
      expect.stringMatching(/^ +\d+\.\d s {2}idle +idle +step +0 {2}joints 20\/160\/90\/10°.*V$/),
      "jog which joint? one of shoulder, elbow, wrist, scoop (jog shoulder 90)",
      "telemetry on, or telemetry off",
      "",
    ]);
    expect(code).toBe(0);
    const status = await farside("status", "--port", sim.hostPath);
    expect(status.out).toMatch(/: idle, phase idle, fault none, disarmed,/);
  }, 60_000);

  it("ends in one line with exit 2 when the lander goes away under it", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    const c = (console_ = farsideInPty(["console", "--port", sim.hostPath]));
    await c.waitFor(/^esp32-devkitc firmware/);
    await sim.stop();
    sim = undefined;
    await c.waitFor(/^farside: lost the link to the lander .*: the simulator or the USB cable went away$/);
    expect(await c.exit).toBe(2);
    expect(c.lines().join("\n")).not.toMatch(/\bat .*\.js:\d+/);
  }, 60_000);

  it("refuses a missing port in one line, exit 2", async () => {
    const { code, out, err } = await farside("console", "--port", "/dev/ttyUSB-none");
    expect({ code, out }).toEqual({ code: 2, out: "" });
    expect(err).toBe(
      "farside: serial port /dev/ttyUSB-none not found: is the board plugged in? (farside ports lists them)\n",
    );
  });
});
