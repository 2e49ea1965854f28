// A command given neither --port nor --sim uses the one USB serial adapter plugged in, and says
// which on stderr (stdout stays what scripts read). Decided once, before the command's action,
// so every command that takes --port finds the board the same way.
import type { Command } from "commander";
import { findBoardPort, type PortLister } from "../link/port-pick";
import { listSerialPorts } from "../link/port-list";

export interface PortPickSettings {
  /** The command flies a simulator with --sim: the refusal offers it too. */
  readonly sim?: boolean;
  readonly list?: PortLister;
  readonly say?: (line: string) => void;
}

export function pickPortWhenAbsent(command: Command, settings: PortPickSettings = {}): Command {
  const { list = listSerialPorts, say = (line: string) => console.error(line) } = settings;
  return command.hook("preAction", async (self) => {
    const options = self.opts<{ port?: string; sim?: boolean }>();
    if (options.port !== undefined || options.sim) return;
    const found = await findBoardPort(settings.sim ? "--port PATH or --sim" : "--port PATH", list);
    say(found.line);
    self.setOptionValue("port", found.path);
  });
}
