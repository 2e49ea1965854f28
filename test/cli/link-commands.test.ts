// `farside status` and `farside ports` as a user runs them, against the simulated lander behind
// a real pseudo-terminal, and against ports that are missing or busy.
import { afterEach, describe, expect, it } from "vitest";
import { farside } from "../support/cli";
import { loadBoard } from "../../host-tools/src/boards/load";
import type { ByteTransport } from "../../host-tools/src/link/byte-transport";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

describe("farside link commands", () => {
  let sim: SimulatedBoard | undefined;
  let holder: ByteTransport | undefined;
  afterEach(async () => {
    await holder?.close();
    await sim?.stop();
  });

  it("status connects to the simulated lander and prints one line", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-s3-devkitc-1"));
    const { code, out, err } = await farside("status", "--port", sim.hostPath);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(
      /^esp32-s3-devkitc-1 firmware 0\.2 protocol 5\.0: idle, phase idle, fault none, disarmed, joints 20\.0\/160\.0\/90\.0\/10\.0°, drill 0\.0 mm\nlast reset: power-on; no interrupted mission; battery 7\.\d\d V\n$/,
    );
  });

  it("status on a missing port fails in one line with exit code 2", async () => {
    const { code, out, err } = await farside("status", "--port", "/dev/ttyUSB-none");
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toBe(
      "farside: serial port /dev/ttyUSB-none not found: is the board plugged in? (farside ports lists them)\n",
    );
  });

  it("status on a busy port names the cause in one line", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    holder = await openSerialPort(sim.hostPath);
    const { code, err } = await farside("status", "--port", sim.hostPath);
    expect(code).toBe(2);
    expect(err.trim().split("\n")).toEqual([
      `farside: serial port ${sim.hostPath} is busy: another program (a serial monitor, another farside) has it open`,
    ]);
  });

  it("status with a bad baud rate is refused before opening anything", async () => {
    const { code, err } = await farside("status", "--port", "/dev/null", "--baud", "fast");
    expect(code).toBe(2);
    expect(err).toBe("farside: --baud must be a positive integer, not fast\n");
  });

  it("doctor probes the simulated lander on the port it is given", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    const { out } = await farside("doctor", "--port", sim.hostPath);
    expect(out).toContain(`ok   lander on ${sim.hostPath}: esp32-devkitc, firmware 0.2, protocol 5.0`);
    expect(out).toMatch(/^(ok {3}|FIX {2})Node\.js \d+\.\d+\.\d+/m);
  });

  it("ports lists what it finds, or says there is nothing", async () => {
    const { code, out } = await farside("ports");
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(0);
  });
});

describe("farside upload to a lander built from another version of the board file", () => {
  let sim: SimulatedBoard | undefined;
  afterEach(async () => sim?.stop());

  it("is refused by the lander, and the CLI says why and what to do, in one line", async () => {
    const devkit = loadBoard("esp32-devkitc");
    // Firmware built while the shoulder's limit was 175°; the board file now says otherwise.
    sim = await SimulatedBoard.start({
      ...devkit,
      joints: { ...devkit.joints, shoulder: { ...devkit.joints.shoulder, maxAngle: 175 } },
    });
    const { code, out, err } = await farside("upload", "missions/smoke.yaml", "--port", sim.hostPath);
    expect(out).toBe("");
    expect(code).toBe(2);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toMatch(
      /^farside: the lander refused the mission: made for another board or geometry \(board hash [0-9a-f]{8}; this lander is esp32-devkitc, [0-9a-f]{8}\): its firmware was built from another version of boards\/esp32-devkitc\.json; rebuild and flash it \(farside build --board esp32-devkitc, then farside flash\), or check the mission against the file it was built with\n$/,
    );
  });
});
