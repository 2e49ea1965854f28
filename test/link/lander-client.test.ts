// The host's lander client against the firmware in XS behind a real pseudo-terminal: what
// `farside` does to a board, done to the simulated one, which it cannot tell apart.
import { afterEach, describe, expect, it } from "vitest";
import {
  EventKind,
  FrameWriter,
  MAX_CHUNK_BYTES,
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
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";
import { missionOfSize } from "../support/missions";
import type { Telemetry } from "../../host-tools/src/link/lander-decode";

describe("lander client over a pseudo-terminal", () => {
  let sim: SimulatedBoard | undefined;
  let client: LanderClient | undefined;
  afterEach(async () => {
    await client?.close();
    await sim?.stop();
  });

  async function connect(boardId = "esp32-devkitc"): Promise<LanderClient> {
    sim = await SimulatedBoard.start(loadBoard(boardId));
    client = new LanderClient(await openSerialPort(sim.hostPath));
    return client;
  }

  it("handshakes, reads status and streams telemetry at the rate it asked", async () => {
    const lander = await connect("xiao-esp32s3");
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

  it("starts the sequence, hears its events, and e-stops it", async () => {
    const lander = await connect();
    await lander.connect();
    const events: number[] = [];
    lander.on("event", (e) => {
      if (e.event === EventKind.PhaseEntered) events.push(e.value);
    });
    await expect(lander.start()).rejects.toThrow("lander refused start: not armed (arm it first)");
    await lander.arm();
    expect((await lander.status()).armed).toBe(true);
    await lander.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.length).toBeGreaterThan(0);
    await expect(lander.start()).rejects.toThrow("lander refused start: refused");
    await lander.estop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const status = await lander.status();
    expect(status.fault).toBe(Fault.EStop);
    expect([Mode.Safing, Mode.Safe]).toContain(status.mode);
    expect(status.armed).toBe(false);
    // With the switch itself held down, arming is refused, and the client says why.
    const estop = sim!.lander.board.estop;
    await sim!.lander.setInput(estop.pin, estop.activeLevel);
    await expect(lander.arm()).rejects.toThrow(
      "lander refused arm: its e-stop switch is held, or it is still getting safe",
    );
  });

  it("uploads a mission in chunks and the lander confirms its CRC", async () => {
    const lander = await connect();
    await lander.connect();
    const mission = missionOfSize(loadBoard("esp32-devkitc"), 5000);
    const progress: number[] = [];
    const result = await lander.uploadMission(mission, (sent) => progress.push(sent));
    expect(result.crc).toBe(crc32(mission));
    expect(result.chunks).toBe(Math.ceil(5000 / MAX_CHUNK_BYTES));
    expect(result.resent).toBe(0);
    expect(progress.at(-1)).toBe(5000);
    expect(sim!.lander.status).toBeDefined();
  });

  it("keeps the session alive with heartbeats: no lost-host fault while idle", async () => {
    const lander = await connect();
    await lander.connect();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const status = await lander.status();
    expect(status.fault).toBe(Fault.None);
    expect(status.hostWatched).toBe(true);
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
      return;
      for (const listener of listeners) listener(reply);
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
    await expect(client.connect()).rejects.toThrow(
      "lander did not answer hello after 3 tries: is it running farside firmware at this baud rate?",
    );
  });
});
