// The serial transport on real pseudo-terminals (socat): no mock binding anywhere.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPtyPair, type PtyPair } from "../../host-tools/src/link/pty-pair";
import { describePortError } from "../../host-tools/src/link/port-errors";
import type { ByteTransport } from "../../host-tools/src/link/byte-transport";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { UserError } from "../../host-tools/src/errors";

function collect(port: ByteTransport, count: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  return new Promise((resolve) => {
    port.onData((chunk) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= count) resolve(Buffer.concat(chunks));
    });
  });
}

describe("serial port over a pseudo-terminal pair", () => {
  let pair: PtyPair | undefined;
  const open: ByteTransport[] = [];
  afterEach(async () => {
    for (const port of open.splice(0)) await port.close();
    await pair?.close();
  });

  // 8 KiB each way at once: the largest mission, far more than the link carries in a second.
  // (Pushing 64 KiB both ways through socat's ptys on a loaded two-core machine sometimes
  // stalls for minutes inside the pty layer; the lander's link never comes near that.)
  it("carries 8 KiB each way at once, in order", async () => {
    pair = await openPtyPair();
    const board = await openSerialPort(pair.boardPath);
    const host = await openSerialPort(pair.hostPath);
    open.push(board, host);
    const data = Uint8Array.from({ length: 8192 }, (_, i) => (i * 7919) >> 3);
    const atHost = collect(host, data.length);
    const atBoard = collect(board, data.length);
    await board.write(data);
    await host.write(data.slice().reverse());
    expect(await atHost).toEqual(Buffer.from(data));
    expect(await atBoard).toEqual(Buffer.from(data.slice().reverse()));
  });

  it("a second open of the same port fails with the busy line", async () => {
    pair = await openPtyPair();
    open.push(await openSerialPort(pair.hostPath));
    await expect(openSerialPort(pair.hostPath)).rejects.toThrow(
      `serial port ${pair.hostPath} is busy: another program (a serial monitor, another farside) has it open`,
    );
  });

  it("a path that is not a serial port (a plain file) fails in one line saying so", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "farside-notty-"));
    const file = path.join(dir, "not-a-port");
    writeFileSync(file, "");
    try {
      await expect(openSerialPort(file)).rejects.toThrow(
        `${file} is not a serial port (the device does not accept serial settings)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing port fails with the not-found line", async () => {
    await expect(openSerialPort("/dev/ttyUSB-farside-none")).rejects.toThrow(
      "serial port /dev/ttyUSB-farside-none not found: is the board plugged in? (farside ports lists them)",
    );
  });

  it("a port without permission fails with the dialout hint (when not root)", async () => {
    pair = await openPtyPair();
    const device = realpathSync(pair.hostPath);
    chmodSync(device, 0o000);
    const opening = openSerialPort(pair.hostPath);
    if (process.getuid?.() === 0) {
      // Root opens anything; the message itself is checked below with a real EACCES error.
      open.push(await opening);
    } else {
      await expect(opening).rejects.toThrow(/permission denied .* dialout group/);
    }
  });

  it("tells its listener when the other side of the link goes away", async () => {
    pair = await openPtyPair();
    const host = await openSerialPort(pair.hostPath);
    open.push(host);
    const closed = new Promise<Error | undefined>((resolve) => host.onClose(resolve));
    await pair.close();
    const error = await closed;
    expect(error).toBeInstanceOf(Error);
  });

  it("survives socat killed outright (as Ctrl-C does): the host hears it, and close() still returns", async () => {
    pair = await openPtyPair();
    const host = await openSerialPort(pair.hostPath);
    open.push(host);
    const closed = new Promise<Error | undefined>((resolve) => host.onClose(resolve));
    const socat = execFileSync("pgrep", ["-f", `link=${pair.boardPath} `], { encoding: "utf8" }).trim();
    expect(socat).toMatch(/^\d+$/);
    process.kill(Number(socat), "SIGKILL");
    expect(await closed).toBeInstanceOf(Error);
    await pair.close();
  });
});

describe("port error lines", () => {
  const eacces = Object.assign(new Error("Error: Permission denied, cannot open /dev/ttyUSB0"), { code: "EACCES" });

  it("gives the dialout hint on Linux and a driver hint on macOS", () => {
    expect(describePortError("/dev/ttyUSB0", eacces, "linux").message).toBe(
      "permission denied opening serial port /dev/ttyUSB0: add yourself to the dialout group: sudo usermod -aG dialout $USER, then log in again",
    );
    expect(describePortError("/dev/cu.usbserial", eacces, "darwin").message).toMatch(/Privacy & Security/);
  });

  it("keeps an unknown failure to its first line", () => {
    const error = describePortError("/dev/x", new Error("Something odd\n    at stack"));
    expect(error.message).toBe("cannot open serial port /dev/x: Something odd");
    // A mistake the user can fix: the CLI prints it as one line and exits 2.
    expect(error).toBeInstanceOf(UserError);
  });
});
