import type { Command } from "commander";
import { listSerialPorts } from "../../link/port-list";
import { describePorts, formatPort } from "../../link/usb-bridges";

export function register(program: Command): void {
  program
    .command("ports")
    .description("list serial ports a board could be on")
    .action(async () => {
      const ports = await listSerialPorts();
      if (ports.length === 0)
        console.log("no serial ports found: plug the board in (a simulated lander prints its own)");
      for (const port of describePorts(ports)) console.log(formatPort(port));
    });
}
