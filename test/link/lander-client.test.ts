// The host's lander client against the firmware in XS: what `farside` does to a board, done to
// the simulated one, which it cannot tell apart. Once behind a real pseudo-terminal in real
// time, and otherwise over the in-process pipe (sim/lander-pipe.ts) on one virtual clock.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  EventKind,
  FrameWriter,
  LANDER_SYSEX,
  MAX_CHUNK_BYTES,
  Msg,
  NO_CHECKPOINT,
  PROTOCOL_MAJOR,
  PROTOCOL_MINOR,
  crc32,
  writeHelloReply,
} from "../../firmware/protocol/codec";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { loadBoard } from "../../host-tools/src/boards/load";
import type { ByteTransport } from "../../host-tools/src/link/byte-transport";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { PUMP_MS, SimulatedBoard } from "../../host-tools/src/sim/realtime-board";
import { VirtualHost } from "../support/virtual-host";
import { missionOfSize } from "../support/missions";
import type { Telemetry } from "../../host-tools/src/link/lander-decode";

describe("lander client over a pseudo-terminal", () => {
  let sim: SimulatedBoard | undefined;
  let client: LanderClient | undefined;
  afterEach(async () => {
    await client?.close();
    await sim?.stop();
  });

  // The smoke test of the real port: a pty, socat and the wall-clock pump between the client
  // and the firmware. The conversations below run over the in-process pipe in virtual time.
  it("handshakes, reads status and streams telemetry at the rate it asked", async () => {
    sim = await SimulatedBoard.start(loadBoard("xiao-esp32s3"));
    client = new LanderClient(await openSerialPort(sim.hostPath));
    const lander = client;
    const info = await lander.connect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(info).toMatchObject({
      protocol: `${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`,
      boardId: "xiao-esp32s3",
      maxChunk: MAX_CHUNK_BYTES,
      maxMission: 8192,
    });
    const status = await lander.status();
    expect(status.mode).toBe(Mode.Idle);
    expect(status.hostWatched).toBe(true);
    const frames: Telemetry[] = [];
    lander.on("telemetry", (t) => frames.push(t));
    await lander.setTelemetry(50);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames.at(-1)!.nowMs).toBeGreaterThan(frames[0]!.nowMs);
  });
});

describe("lander client over the in-process pipe, in virtual time", () => {
  let host: VirtualHost | undefined;
  let client: LanderClient | undefined;
  afterEach(async () => {
    try {
      if (client) await host?.settle(client.close());
    } finally {
      host?.close();
      client = host = undefined;
    }
  });

  async function connect(boardId = "esp32-devkitc"): Promise<{ host: VirtualHost; lander: LanderClient }> {
    host = await VirtualHost.boot(loadBoard(boardId));
    client = new LanderClient(host.pipe);
    return { host, lander: client };
  }

  it("handshakes, reads status and streams telemetry at the rate it asked", async () => {
    const { host, lander } = await connect("xiao-esp32s3");
    const info = await host.settle(lander.connect());
    await host.wait(50);
    expect(info).toMatchObject({
      protocol: `${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`,
      boardId: "xiao-esp32s3",
      maxChunk: MAX_CHUNK_BYTES,
      maxMission: 8192,
    });
    const status = await host.settle(lander.status());
    expect(status.mode).toBe(Mode.Idle);
    expect(status.hostWatched).toBe(true);
    const frames: Telemetry[] = [];
    lander.on("telemetry", (t) => frames.push(t));
    await host.settle(lander.setTelemetry(50));
    await host.wait(600);
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames.at(-1)!.nowMs).toBeGreaterThan(frames[0]!.nowMs);
  });

  it("starts the sequence, hears its events, and e-stops it", async () => {
    const { host, lander } = await connect();
    await host.settle(lander.connect());
    const events: number[] = [];
    lander.on("event", (e) => {
      if (e.event === EventKind.PhaseEntered) events.push(e.value);
    });
    await expect(host.settle(lander.start())).rejects.toThrow("lander refused start: not armed (arm it first)");
    await host.settle(lander.arm());
    expect((await host.settle(lander.status())).armed).toBe(true);
    await host.settle(lander.start());
    await host.wait(300);
    expect(events.length).toBeGreaterThan(0);
    await expect(host.settle(lander.start())).rejects.toThrow("lander refused start: refused");
    await host.settle(lander.estop());
    await host.wait(100);
    const status = await host.settle(lander.status());
    expect(status.fault).toBe(Fault.EStop);
    expect([Mode.Safing, Mode.Safe]).toContain(status.mode);
    expect(status.armed).toBe(false);
    // With the switch itself held down, arming is refused, and the client says why. Once the
    // lander is safe, so the refusal is the switch's and not that of its still getting safe.
    for (let waited = 0; host.lander.status.mode !== Mode.Safe && waited < 10_000; waited += 100) await host.wait(100);
    expect(host.lander.status.mode).toBe(Mode.Safe);
    const estop = host.lander.board.estop;
    await host.lander.setInput(estop.pin, estop.activeLevel);
    await expect(host.settle(lander.arm())).rejects.toThrow(
      "lander refused arm: its e-stop switch is held, or it is still getting safe",
    );
  });

  it("uploads a mission in chunks and the lander confirms its CRC", async () => {
    const { host, lander } = await connect();
    await host.settle(lander.connect());
    const mission = missionOfSize(loadBoard("esp32-devkitc"), 5000);
    const progress: number[] = [];
    const result = await host.settle(lander.uploadMission(mission, (sent) => progress.push(sent)));
    expect(result.crc).toBe(crc32(mission));
    expect(result.chunks).toBe(Math.ceil(5000 / MAX_CHUNK_BYTES));
    expect(result.resent).toBe(0);
    expect(progress.at(-1)).toBe(5000);
    expect(host.lander.status).toBeDefined();
  });

  it("keeps the session alive with heartbeats: no lost-host fault while idle", async () => {
    const { host, lander } = await connect();
    await host.settle(lander.connect());
    await host.wait(2500);
    const status = await host.settle(lander.status());
    expect(status.fault).toBe(Fault.None);
    expect(status.hostWatched).toBe(true);
  });

  it("sends a heartbeat only into silence: requests every 300 ms need none", async () => {
    const { host, lander } = await connect();
    await host.settle(lander.connect());
    const types: number[] = [];
    const write = host.pipe.write.bind(host.pipe);
    host.pipe.write = (data) => {
      if (data[0] === 0xf0 && data[1] === LANDER_SYSEX) types.push(data[2] ?? -1);
      return write(data);
    };
    for (let i = 0; i < 8; i++) {
      await host.settle(lander.status());
      await host.wait(300);
    }
    expect(types.length).toBeGreaterThanOrEqual(8);
    expect(types).not.toContain(Msg.Heartbeat);
    types.length = 0;
    await host.wait(1600);
    expect(types.filter((type) => type === Msg.Heartbeat).length).toBeGreaterThanOrEqual(2);
    const status = await host.settle(lander.status());
    expect(status.fault).toBe(Fault.None);
  });

  it("gives up on a lander whose cable is out after its tries, on the lander's clock", async () => {
    const { host, lander } = await connect();
    await host.settle(lander.connect());
    await host.lander.disconnect();
    const from = host.lander.simMs;
    await expect(host.settle(lander.status())).rejects.toThrow("lander did not answer status after 3 tries");
    // Three replies' timeouts of 400 ms each, give or take the pump the last one ended in.
    expect(host.lander.simMs - from).toBeGreaterThanOrEqual(3 * 400);
    expect(host.lander.simMs - from).toBeLessThanOrEqual(3 * 400 + PUMP_MS);
  });
});

/** A lander stand-in that answers Hello from another protocol version, in memory. */
function futureLander(): ByteTransport {
  const listeners: ((chunk: Uint8Array) => void)[] = [];
  const w = new FrameWriter(128);
  return {
    write: async (data) => {
      if (data[0] !== 0xf0) return;
      const length = writeHelloReply(w, data[3]!, {
        resetReason: 0,
        checkpoint: NO_CHECKPOINT,
        missionCrc: 0,
        checkpointCrc: 0,
        firmwareVersion: "9.0",
        boardId: "x",
      });
      const reply = w.bytes.slice(0, length);
      // A lander one protocol major ahead; its check septet (before END_SYSEX) follows the change.
      // Its fields after the minor are laid out as that major says: here, only three of them.
      reply[4] = PROTOCOL_MAJOR + 1;
      const short = Uint8Array.of(...reply.subarray(0, 9), 0, 0xf7);
      let check = 0;
      for (let i = 1; i < short.length - 2; i++) check += short[i]!;
      short[short.length - 2] = check & 0x7f;
      for (const listener of listeners) listener(short);
    },
    onData: (listener) => listeners.push(listener),
    onClose: () => undefined,
    close: async () => undefined,
  };
}

describe("lander client refusals", () => {
  it("refuses a lander of another protocol major in one line", async () => {
    const client = new LanderClient(futureLander());
    await expect(client.connect()).rejects.toThrow(
      `lander firmware speaks farside protocol ${PROTOCOL_MAJOR + 1}.${PROTOCOL_MINOR}, this farside speaks ${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}: flash matching firmware or update farside`,
    );
  });

  it("gives up on a silent port with a clear line", async () => {
    const silent: ByteTransport = {
      write: async () => undefined,
      onData: () => undefined,
      onClose: () => undefined,
      close: async () => undefined,
    };
    const client = new LanderClient(silent, { timeoutMs: 50 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const refused = expect(client.connect()).rejects.toThrow(
        "lander did not answer hello after 3 tries: is it running farside firmware at this baud rate?",
      );
      await vi.advanceTimersByTimeAsync(3 * 50);
      await refused;
    } finally {
      vi.useRealTimers();
    }
  });
});
