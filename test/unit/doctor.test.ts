import { describe, expect, it } from "vitest";
import { diagnose, formatFinding, needsFixing, type DoctorEnv } from "../../host-tools/src/cli/doctor";

function env(overrides: Partial<DoctorEnv> = {}): DoctorEnv {
  return {
    nodeVersion: "20.20.2",
    platform: "linux",
    vars: { MODDABLE: "/opt/moddable", IDF_PATH: "/opt/esp-idf" },
    isRoot: false,
    groups: () => ["me", "dialout"],
    exists: () => true,
    hasCommand: () => true,
    xsEngine: () => ({ kind: "native", why: "xsnap-worker is built" }),
    listPorts: async () => [{ path: "/dev/ttyUSB0", vendorId: "10c4", productId: "ea60" }],
    probe: async () => ({
      protocol: "5.0",
      firmwareVersion: "0.2",
      boardId: "esp32-devkitc",
      resetReason: 0,
      checkpoint: undefined,
      missionCrc: 0,
      checkpointCrc: undefined,
      maxChunk: 256,
      maxMission: 8192,
    }),
    ...overrides,
  };
}

describe("farside doctor", () => {
  it("finds nothing to fix on a machine with everything, probing the port it would pick", async () => {
    const findings = await diagnose(env());
    expect(findings.every((finding) => finding.ok)).toBe(true);
    expect(findings.at(-1)?.what).toBe("lander on /dev/ttyUSB0: esp32-devkitc, firmware 0.2, protocol 5.0");
  });

  it("gives each problem its fix", async () => {
    const findings = await diagnose(
      env({
        nodeVersion: "18.19.0",
        groups: () => ["me"],
        vars: {},
        hasCommand: () => false,
        listPorts: async () => [],
      }),
    );
    const lines = findings.filter((finding) => !finding.ok).map(formatFinding);
    expect(needsFixing(findings)).toBe(true);
    expect(needsFixing(findings.filter((finding) => finding.optional))).toBe(false);
    expect(lines).toEqual([
      "FIX  Node.js 18.19.0\n     -> install Node.js 20.19 or newer (nvm install 20, or your system's package)",
      "FIX  serial ports: you are not in the dialout group\n     -> sudo usermod -aG dialout $USER, then log out and in again",
      "info socat: missing (only farside sim's pty needs it; --sim commands and farside sim --tcp do not)\n     -> sudo apt-get install socat (or brew install socat)",
      "info MODDABLE: not set\n     -> only needed to build firmware: npm install -g xs-dev && xs-dev setup (it sets MODDABLE)",
      "info IDF_PATH: not set\n     -> only needed to build for an ESP32: xs-dev setup --device esp32",
      "FIX  ports: no USB serial adapter\n     -> plug the board in (and check the cable carries data)",
    ]);
  });

  it("says which XS engine the simulator uses, and what a forced one lacks", async () => {
    const wasm = await diagnose(env({ xsEngine: () => ({ kind: "wasm", why: "xsnap-worker is not built" }) }));
    expect(wasm.map(formatFinding)).toContain(
      "ok   XS engine: WebAssembly (xsnap-worker is not built; the simulator runs about 1.2 to 1.4× more slowly than on native XS)",
    );
    const forced = await diagnose(
      env({
        xsEngine: () => {
          throw new Error("FARSIDE_XS=native, but xsnap-worker is missing at /x");
        },
      }),
    );
    expect(needsFixing(forced)).toBe(true);
    expect(forced.map(formatFinding)).toContain(
      "FIX  XS engine: FARSIDE_XS=native, but xsnap-worker is missing at /x\n     -> unset FARSIDE_XS, or set it to wasm",
    );
  });

  it("does not call a motherboard UART a board, and says when there are too many to pick from", async () => {
    const uart = await diagnose(env({ listPorts: async () => [{ path: "/dev/ttyS0" }] }));
    expect(uart.map(formatFinding).at(-1)).toBe(
      "FIX  ports: no USB serial adapter (only /dev/ttyS0)\n     -> plug the board in (and check the cable carries data)",
    );
    const two = [
      { path: "/dev/ttyUSB0", vendorId: "10c4", productId: "ea60" },
      { path: "/dev/ttyUSB1", vendorId: "1a86", productId: "7523" },
    ];
    const several = await diagnose(env({ listPorts: async () => two }));
    // Nothing picked, so nothing probed: the ports finding is the last.
    expect(several.at(-1)).toMatchObject({
      ok: true,
      fix: "several USB serial adapters: farside picks none, give the board's with --port PATH",
    });
  });

  it("gives a port that is not there its own fix, not a firmware one", async () => {
    const gone = await diagnose(
      env({
        probe: async () =>
          Promise.reject(
            new Error("serial port /dev/ttyUSB0 not found: is the board plugged in? (farside ports lists them)"),
          ),
      }),
      "/dev/ttyUSB0",
    );
    expect(gone.at(-1)?.fix).toBe(
      "plug the board in (and check the cable carries data), or check the path: farside ports lists them",
    );
  });

  it("says when the board on the port does not answer, or speaks another protocol", async () => {
    const silent = await diagnose(env({ probe: async () => Promise.reject(new Error("lander did not answer hello")) }));
    expect(formatFinding(silent.at(-1)!)).toMatch(
      /^FIX {2}lander on \/dev\/ttyUSB0: no answer \(lander did not answer hello\)\n {5}-> flash/,
    );
    const old = await diagnose(env({ probe: async () => ({ ...(await env().probe("x")), protocol: "1.0" }) }));
    expect(old.at(-1)).toMatchObject({
      ok: false,
      fix: "flash firmware built from this farside (farside build, farside flash)",
    });
  });
});
