import { loadBoard } from "../boards/load";
import { Dashboard } from "../dashboard/server";
import { LanderClient } from "../link/lander-client";
import { openSerialPort } from "../link/serial-port";
import { DEFAULT_BOARD } from "../mission/load";
import { SimulatedBoard } from "../sim/realtime-board";

/** `farside dashboard`: the page for a lander on a port (or a simulated one) until Ctrl-C. */
export async function dashboardCommand(
  options: { port?: string; sim: boolean; boardId?: string; listen: number; host: string; baudRate: number },
  print: (line: string) => void,
): Promise<void> {
  const sim = options.sim ? await SimulatedBoard.start(loadBoard(options.boardId ?? DEFAULT_BOARD)) : undefined;
  const client = new LanderClient(
    await openSerialPort(sim ? sim.hostPath : (options.port ?? ""), { baudRate: options.baudRate }),
  );
  let dashboard: Dashboard | undefined;
  try {
    const info = await client.connect({ watch: false });
    await client.setTelemetry(100);
    dashboard = await Dashboard.start({
      client,
      board: loadBoard(options.boardId ?? info.boardId),
      port: options.listen,
      host: options.host,
      layers: sim ? (await sim.lander.world()).layers : [],
    });
    print(`dashboard for ${info.boardId}: ${dashboard.url}  (Ctrl-C to stop; the lander carries on)`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
  } finally {
    await dashboard?.close();
    await client.close();
    await sim?.stop();
  }
}
