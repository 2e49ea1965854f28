// The lander every dashboard test watches: the simulator at 4x on its pty, and a client that
// watches it without a session that stops it, its telemetry at 100 ms as the dashboard asks.
import type { BoardConfig } from "../../firmware/board/config";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

export async function watchedSimulator(board: BoardConfig): Promise<{ sim: SimulatedBoard; client: LanderClient }> {
  const sim = await SimulatedBoard.start(board, { speed: 4 });
  const client = new LanderClient(await openSerialPort(sim.hostPath));
  await client.connect({ watch: false });
  await client.setTelemetry(100);
  return { sim, client };
}
