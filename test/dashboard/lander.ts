// The lander every dashboard test watches: the simulator on its pty (at 4x unless asked
// otherwise), and a client that watches it without a session that stops it, its telemetry at
// 100 ms as the dashboard asks.
import type { BoardConfig } from "../../firmware/board/config";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

export async function watchedSimulator(
  board: BoardConfig,
  speed = 4,
): Promise<{ sim: SimulatedBoard; client: LanderClient }> {
  const sim = await SimulatedBoard.start(board, { speed });
  const client = new LanderClient(await openSerialPort(sim.hostPath));
  await client.connect({ watch: false });
  await client.setTelemetry(100);
  return { sim, client };
}
