// What the hardware-in-the-loop tests run against: the simulator by default, or a real board
// when FARSIDE_PORT (and FARSIDE_BOARD, a board id or file) are set. Both are reached the same
// way, through a serial port and farside's own LanderClient; only the simulator can also be
// told to break things.
import type { BoardConfig } from "../../../firmware/board/config";
import { Mode } from "../../../firmware/lander/status";
import { loadBoard } from "../../../host-tools/src/boards/load";
import { LanderClient, type ClientOptions } from "../../../host-tools/src/link/lander-client";
import type { Telemetry } from "../../../host-tools/src/link/lander-decode";
import { openSerialPort } from "../../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../../host-tools/src/sim/realtime-board";

export const REAL_PORT = process.env.FARSIDE_PORT;
export const onRealBoard = REAL_PORT !== undefined && REAL_PORT !== "";
/** Appended to the names of tests skipped on a real board, so the skip says why. */
export const SIM_ONLY = "(simulator only: fault injection)";

export interface HilTarget {
  readonly board: BoardConfig;
  readonly port: string;
  /** The simulator's controls; undefined on a real board. */
  readonly sim: SimulatedBoard | undefined;
  /**
   * A client with a session open. Unwatched unless asked: at the simulator's full speed a
   * host's wall-clock heartbeat is seconds of lander time apart.
   */
  connect(options?: ClientOptions & { watch?: boolean }): Promise<LanderClient>;
  /** Runs the simulator at `speed` (Infinity: as fast as it goes); a real board keeps real time. */
  setSpeed(speed: number): void;
  close(): Promise<void>;
}

export async function openTarget(
  options: { seed?: number; speed?: number; batteryVolts?: number } = {},
): Promise<HilTarget> {
  const board = loadBoard(process.env.FARSIDE_BOARD ?? "esp32-devkitc");
  const sim = onRealBoard
    ? undefined
    : await SimulatedBoard.start(board, {
        seed: options.seed ?? 1,
        speed: options.speed ?? Infinity,
        batteryVolts: options.batteryVolts,
      });
  const port = sim ? sim.hostPath : REAL_PORT!;
  // A serial port has one owner at a time (bindings-cpp locks it), so the suite keeps one client
  // and opens sessions on it again as tests need them.
  let client: LanderClient | undefined;
  let clientClosed = false;
  return {
    board,
    port,
    sim,
    async connect(clientOptions) {
      if (!client || clientClosed) {
        client = new LanderClient(await openSerialPort(port, { baudRate: board.link.baud }), clientOptions);
        clientClosed = false;
        client.on("close", () => (clientClosed = true));
      }
      await client.connect({ watch: clientOptions?.watch ?? false });
      return client;
    },
    setSpeed(speed) {
      sim?.setSpeed(speed);
    },
    async close() {
      await client?.close().catch(() => undefined);
      await sim?.stop();
    },
  };
}

/** Asks for status until `done` holds; fails after `limitMs` of wall time. */
export async function waitForStatus(
  client: LanderClient,
  done: (status: Telemetry) => boolean,
  limitMs: number,
  pollMs = 20,
): Promise<Telemetry> {
  const endMs = Date.now() + limitMs;
  for (;;) {
    const status = await client.status();
    if (done(status)) return status;
    if (Date.now() > endMs) throw new Error(`lander never got there; last status ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Waits for the lander to be at rest: safe, complete or idle. */
export function atRest(status: Telemetry): boolean {
  return status.mode === Mode.Safe || status.mode === Mode.Complete || status.mode === Mode.Idle;
}

/**
 * Starts the lander's mission and hands it over: the session ends, so the lander runs it on its
 * own (as `farside run` does) and the simulator can race ahead without missing heartbeats.
 */
export async function startMission(target: HilTarget): Promise<LanderClient> {
  const client = await target.connect();
  await client.arm();
  await client.start();
  await client.endSession();
  return client;
}
