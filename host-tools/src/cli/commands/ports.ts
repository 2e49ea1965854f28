import type { Command } from "commander";
import { listSerialPorts } from "../../link/port-list";
import { choosePort, NO_ADAPTER } from "../../link/port-pick";
import { formatPort } from "../../link/usb-bridges";

export function register(program: Command): void {
  program
    .command("ports")
    .description("list serial ports a board could be on, marking the one farside uses without --port")
    .action(async () => {
      const choice = choosePort(await listSerialPorts());
      for (const port of choice.ports) console.log(formatPort(port));
      if (choice.kind === "none") console.log(`${NO_ADAPTER}; a simulated lander (farside sim) prints its own port`);
      if (choice.kind === "several") console.log("several USB serial adapters: give the board's with --port PATH");
    });
}
