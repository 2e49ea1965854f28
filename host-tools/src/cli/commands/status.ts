import type { Command } from "commander";
import { openClient, serialLink } from "../lander-link";
import { addLinkOptions, parseBaud } from "../flight";
import { faultLabel, modeLabel, phaseLabel, resetLabel } from "../../labels";

export function register(program: Command): void {
  addLinkOptions(
    program.command("status").description("connect to a lander (a board or a simulated one) and print its status"),
    {},
    // The port is there by now: given, or the one adapter picked (port-option.ts).
  ).action(async (options: { port: string; baud: string }) => {
    // Attached to the farside that holds the port, if one does: its Hello is answered from that session.
    const client = await openClient(serialLink(options.port), parseBaud(options.baud), "watch");
    try {
      const info = await client.connect();
      const s = await client.status();
      const joints = s.joints.map((angle) => angle.toFixed(1)).join("/");
      console.log(
        `${info.boardId} firmware ${info.firmwareVersion} protocol ${info.protocol}: ${modeLabel(s.mode)}, phase ${phaseLabel(s.phase)}, fault ${faultLabel(s.fault)}, ${s.armed ? "ARMED" : "disarmed"}, joints ${joints}°, drill ${s.depthMm.toFixed(1)} mm`,
      );
      const checkpoint =
        info.checkpoint === undefined
          ? "no interrupted mission"
          : `interrupted mission checkpoint after step ${info.checkpoint}`;
      console.log(`last reset: ${resetLabel(info.resetReason)}; ${checkpoint}; battery ${s.batteryVolts.toFixed(2)} V`);
    } finally {
      await client.close();
    }
  });
}
