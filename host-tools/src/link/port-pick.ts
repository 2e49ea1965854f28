// Which port a command uses when it is given no --port: the one USB serial adapter plugged in,
// if there is exactly one. With none, or with several (two boards, or a board and a USB-serial
// cable), guessing could talk to the wrong device, so the command stops and lists them.
import { UserError } from "../errors";
import { listSerialPorts } from "./port-list";
import { bridgeOf, type DescribedPort, type PortInfo } from "./usb-bridges";

/** The system's serial ports; tests stand in fake adapter lists. */
export type PortLister = () => Promise<readonly PortInfo[]>;

export type PortChoice =
  | { readonly kind: "one"; readonly port: DescribedPort; readonly ports: readonly DescribedPort[] }
  | { readonly kind: "none" | "several"; readonly ports: readonly DescribedPort[] };

export const NO_ADAPTER = "no USB serial adapter found: plug the board in (and check the cable carries data)";

/** Each port with its bridge named, the one farside would pick marked. */
export function choosePort(ports: readonly PortInfo[]): PortChoice {
  const adapters = ports.filter((port) => bridgeOf(port) !== undefined);
  const only = adapters.length === 1 ? adapters[0] : undefined;
  const described = ports.map((port) => ({ ...port, bridge: bridgeOf(port), picked: port === only }));
  const picked = described.find((port) => port.picked);
  if (picked) return { kind: "one", port: picked, ports: described };
  return { kind: adapters.length === 0 ? "none" : "several", ports: described };
}

export function describePorts(ports: readonly PortInfo[]): readonly DescribedPort[] {
  return choosePort(ports).ports;
}

const named = (port: DescribedPort): string => (port.bridge ? `${port.path} (${port.bridge})` : port.path);

/** What a command says about the port it picked. */
export function pickedLine(port: DescribedPort): string {
  return `using ${port.path}: ${port.bridge ?? "a USB serial adapter"}, the only USB serial adapter`;
}

/** Why no port was picked, as one line; `instead` is what the user can give in its place. */
export function noPickLine(choice: PortChoice, instead: string): string {
  const adapters = choice.ports.filter((port) => port.bridge !== undefined);
  if (choice.kind === "several")
    return `${adapters.length} USB serial adapters: ${adapters.map(named).join(", ")}: choose one with --port PATH`;
  const others = choice.ports.length > 0 ? ` (serial ports here: ${choice.ports.map(named).join(", ")})` : "";
  return `${NO_ADAPTER}, or give ${instead}${others}`;
}

/**
 * The port of the one USB serial adapter, or a UserError listing what there is. `instead` names
 * what else the command takes ("--port PATH", "--port PATH or --sim").
 */
export async function findBoardPort(
  instead: string,
  list: PortLister = listSerialPorts,
): Promise<{ readonly path: string; readonly line: string }> {
  const choice = choosePort(await list());
  if (choice.kind !== "one") throw new UserError(noPickLine(choice, instead));
  return { path: choice.port.path, line: pickedLine(choice.port) };
}
