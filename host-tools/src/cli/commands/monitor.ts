import type { Command } from "commander";
import { watchInterrupt } from "../interrupt";
import { HolderGoneError } from "../../link/attach-transport";
import { UserError } from "../../errors";
import { EventKind } from "../../../../firmware/protocol/codec";
import { IN_PROCESS, afterCtrlC, openClient, type LanderLink } from "../lander-link";
import { PTY_OPTION_HELP, watchedSimulator } from "../watch-simulator";
import { addLinkOptions, parseBaud, requireOneLander, withLander, type LinkOptionValues } from "../flight";
import { faultLine } from "../../fault-advice";
import { statusLine } from "../lander-lines";

/** What to fly after a fault: a simulator in this process has no port, and ends with the monitor. */
function nextFlight(link: LanderLink): string {
  return link.name === IN_PROCESS ? "farside run --sim" : `farside run --continue --port ${link.name}`;
}

/**
 * Live status until Ctrl-C, one line a second (rewritten in place on a terminal; as often as the
 * holder asks for telemetry when attached to another farside's port), or until the link ends.
 * It does not ask to be watched, so watching never stops the lander.
 */
async function watchLander(
  link: LanderLink,
  baudRate: number,
  simulated: boolean,
  print: (line: string) => void,
): Promise<void> {
  const client = await openClient(link, baudRate, "watch");
  const closed = new Promise<Error>((resolve) =>
    client.once("close", (error) => resolve(error ?? new Error("the link closed"))),
  );
  const tty = process.stdout.isTTY === true;
  try {
    const info = await client.connect({ watch: false });
    print(`${info.boardId} firmware ${info.firmwareVersion}: Ctrl-C to stop watching (${afterCtrlC(simulated)})`);
    client.on("event", (e) => {
      if (e.event === EventKind.Fault && e.value !== 0)
        print(`${tty ? "\n" : ""}${faultLine(e.value, { next: nextFlight(link) })}`);
    });
    client.on("telemetry", (t) => {
      const line = statusLine(t);
      if (tty) process.stdout.write(`\r${line}\x1b[K`);
      else print(line);
    });
    await client.setTelemetry(1000);
    const interrupt = watchInterrupt();
    const ended = await Promise.race([interrupt.stopped.then(() => undefined), closed]);
    interrupt.release();
    if (tty) process.stdout.write("\n");
    if (ended instanceof HolderGoneError) print(`${ended.message}: nothing left to watch`);
    else if (ended) throw new UserError(`lost the link to the lander (${ended.message}): monitor stops`);
  } finally {
    await client.close();
  }
}

export function register(program: Command): void {
  addLinkOptions(
    program.command("monitor").description("watch a lander's status live until Ctrl-C (it never stops the lander)"),
    {
      sim: "start the simulated lander (in real time, in this process) and watch it",
      pty: PTY_OPTION_HELP,
    },
  ).action(async (options: LinkOptionValues) => {
    const print = (line: string): void => console.log(line);
    requireOneLander(options);
    // With --pty another program flies the simulator through its port while this one watches.
    const startSim = watchedSimulator(
      options,
      undefined,
      (port) => `farside sim on ${port}: drive it from another terminal (farside run --port ${port})`,
      print,
    );
    await withLander(options.port, startSim, (link) =>
      watchLander(link, parseBaud(options.baud), options.sim === true, print),
    );
  });
}
