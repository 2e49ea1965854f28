// The lander every dashboard test watches, with a client that watches it without a session that
// stops it, its telemetry at 100 ms as the dashboard asks: the simulator in this process (at 4x
// unless asked otherwise), as `dashboard --sim` flies it; or on its pty, for the tests that
// also read it from inside (`farside sim --ui`'s SimulatorFeed needs a SimulatedBoard).
import type { BoardConfig } from "../../firmware/board/config";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { LockstepSimulator } from "../../host-tools/src/sim/lockstep-simulator";
import type { WorldSnapshot } from "../../host-tools/src/sim/protocol";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

export interface InProcessLander {
  /** The simulated world, read between two of the simulator's steps. */
  world(): Promise<WorldSnapshot>;
  stop(): Promise<void>;
}

export async function watchedSimulator(
  board: BoardConfig,
  speed = 4,
): Promise<{ sim: InProcessLander; client: LanderClient }> {
  const lockstep = await LockstepSimulator.start(board, { speed });
  const client = new LanderClient(lockstep.transport, { clock: lockstep.clock });
  await client.connect({ watch: false });
  await client.setTelemetry(100);
  const sim = { world: () => lockstep.between(() => lockstep.lander.world()), stop: () => lockstep.stop() };
  return { sim, client };
}

export async function watchedPtySimulator(
  board: BoardConfig,
  speed = 4,
): Promise<{ sim: SimulatedBoard; client: LanderClient }> {
  const sim = await SimulatedBoard.start(board, { speed });
  const client = new LanderClient(await openSerialPort(sim.hostPath));
  await client.connect({ watch: false });
  await client.setTelemetry(100);
  return { sim, client };
}
