// A host that floods the lander's port, over the simulator's real pseudo-terminal: a pty has no
// baud rate and no flow control, so the simulated USB bridge keeps only its newest BRIDGE_BYTES.
// The simulator's memory stays flat, and a stop written after the flood is not stuck behind it.
import { afterEach, describe, expect, it } from "vitest";
import { EventKind } from "../../firmware/protocol/codec";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { loadBoard } from "../../host-tools/src/boards/load";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

const FLOOD_BYTES = 20 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

describe("a flooded port", () => {
  let sim: SimulatedBoard | undefined;
  let client: LanderClient | undefined;
  afterEach(async () => {
    await client?.close();
    await sim?.stop();
  });

  it("costs the simulator no memory, and an e-stop written after 20 MB acts within 50 ms of lander time", async () => {
    sim = await SimulatedBoard.start(loadBoard("esp32-devkitc"));
    const port = await openSerialPort(sim.hostPath);
    client = new LanderClient(port);
    await client.connect({ watch: false });
    await client.arm();
    await client.start();
    const heapBefore = await sim.lander.probeHeap(0);
    let faultAtMs = -1;
    client.on("event", (e) => {
      if (e.event === EventKind.Fault && e.value === Fault.EStop && faultAtMs < 0) faultAtMs = e.nowMs;
    });
    // Data bytes only: noise the lander's decoder drops, which cannot itself be a command.
    const chunk = Buffer.alloc(CHUNK_BYTES, 0x55);
    for (let sent = 0; sent < FLOOD_BYTES; sent += CHUNK_BYTES) await port.write(chunk);
    await client.estop();
    for (let i = 0; i < 100 && faultAtMs < 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(faultAtMs).toBeGreaterThanOrEqual(0);
    // From when the e-stop went into the lander's bridge, on the lander's clock: behind it at
    // most BRIDGE_BYTES of the flood (22 ms of wire at 115200 baud), then the next tick (20 ms).
    // Measured from there, not from when this process wrote it: a loaded machine delays the
    // simulator's pump, not the lander. A bridge that kept more of the flood would miss 50 ms.
    expect(faultAtMs - sim.hostBytesInAtMs).toBeLessThanOrEqual(50);
    expect((await client.status()).mode).toBe(Mode.Safing);
    // Most of the flood never reached the line, and the engine's heap did not grow with it.
    expect(sim.hostBytesLost).toBeGreaterThan(FLOOD_BYTES - 64 * 1024);
    expect((await sim.lander.probeHeap(0)) - heapBefore).toBeLessThan(500);
  }, 120_000);
});
