import type { Command } from "commander";
import { watchUntilStopped } from "../interrupt";
import { loadBoard } from "../../boards/load";
import { Dashboard } from "../../dashboard/server";
import { afterCtrlC, openClient } from "../lander-link";
import { PTY_OPTION_HELP, watchedSimulator } from "../watch-simulator";
import { addLinkOptions, parseBaud, requireOneLander, uiPort, withLander, type LinkOptionValues } from "../flight";

interface DashboardOptionValues extends LinkOptionValues {
  readonly board?: string;
  readonly listen: string;
  readonly host: string;
  readonly drive?: boolean;
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1", "[::1]"];

/** The page for a lander on a port (or a simulated one) until Ctrl-C; the lander carries on after. */
async function serveDashboard(
  options: {
    port?: string;
    sim: boolean;
    pty: boolean;
    boardId?: string;
    listen: number;
    host: string;
    baudRate: number;
    drive: boolean;
  },
  print: (line: string) => void,
): Promise<void> {
  // With --pty this dashboard holds the port; `farside sim --ui` watches without it, for another program to drive.
  const startSim = watchedSimulator(
    options,
    options.boardId,
    (port) => `simulated lander port: ${port}  (held by this dashboard; farside sim --ui leaves it free)`,
    print,
  );
  await withLander(options.port, startSim, async (link) => {
    const client = await openClient(link, options.baudRate, options.drive ? "drive" : "watch");
    let dashboard: Dashboard | undefined;
    try {
      const info = await client.connect({ watch: false });
      await client.setTelemetry(100);
      dashboard = await Dashboard.start({
        client,
        board: loadBoard(options.boardId ?? info.boardId),
        port: options.listen,
        host: options.host,
        layers: link.world ? (await link.world()).layers : [],
      });
      print(`dashboard for ${info.boardId}: ${dashboard.url}  (Ctrl-C to stop; ${afterCtrlC(options.sim)})`);
      await watchUntilStopped();
    } finally {
      await dashboard?.close();
      await client.close();
    }
  });
}

export function register(program: Command): void {
  addLinkOptions(
    program.command("dashboard").description("watch and drive the lander in a browser: a local page on 127.0.0.1"),
    { sim: "start the simulated lander (in real time, in this process) and show it", pty: PTY_OPTION_HELP },
    (command) =>
      command
        .option("-b, --board <id>", "board file (default: the one the lander reports)")
        .option("--listen <port>", "local port for the page (default: any free one)", "0")
        .option("--host <address>", "address to listen on; anything but 127.0.0.1 lets other machines in", "127.0.0.1")
        .option(
          "--drive",
          "attached to another farside's port: may arm the lander and drive it (else it watches and stops)",
        ),
  ).action(async (options: DashboardOptionValues) => {
    if (!LOOPBACK.includes(options.host)) {
      console.error(
        `farside: warning: the dashboard listens on ${options.host}: anyone who can reach it and has its URL (with the token) can move the arm`,
      );
    }
    requireOneLander(options);
    const listen = options.listen === "0" ? 0 : uiPort(options.listen, "--listen");
    await serveDashboard(
      {
        port: options.port,
        sim: options.sim === true,
        pty: options.pty === true,
        boardId: options.board,
        listen: listen ?? 0,
        host: options.host,
        baudRate: parseBaud(options.baud),
        drive: options.drive === true,
      },
      (line) => console.log(line),
    );
  });
}
