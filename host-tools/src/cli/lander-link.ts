// How a command reaches its lander: a serial port on the wall clock, a simulator behind a
// pseudo-terminal (which other programs can open too), or a simulator in this process on its
// own clock (lockstep; at speed 1 that clock keeps to the wall's). The command gets one
// LanderLink and flies the same way on each.
import type { BoardConfig } from "../../../firmware/board/config";
import type { ByteTransport } from "../link/byte-transport";
import { WALL_CLOCK, type HostClock } from "../link/host-clock";
import { LanderClient } from "../link/lander-client";
import { openSharedPort, type PortAccess } from "../link/port-sharing";
import { isTcpPort, openTcpTransport } from "../link/tcp-transport";
import { LockstepSimulator, type LockstepOptions } from "../sim/lockstep-simulator";
import type { SimulatedBoard } from "../sim/realtime-board";
import type { WorldSnapshot } from "../sim/protocol";

export interface LanderLink {
  /** What messages and the log call the lander's port: a path, or the in-process simulator. */
  readonly name: string;
  /** The clock the host's timeouts and polls run on. */
  readonly clock: HostClock;
  /** The simulated world behind the link, when it is one: it goes in logs and the dashboard. */
  world?(): Promise<WorldSnapshot>;
  /** `access`: how a port another farside holds is shared (link/port-sharing.ts); "hold" by default. */
  open(baudRate: number, access?: PortAccess): Promise<ByteTransport>;
  /** Puts an in-process simulator to real time (a run that keeps serving its dashboard). */
  realTime?(): void;
}

/** A simulator a command started for itself, and stops however the command ends. */
export interface StartedSimulator {
  readonly link: LanderLink;
  /** Lander ms since the simulator booted. */
  readonly simMs: () => number;
  stop(): Promise<void>;
}

/** What watchers are told holds a port this process opened: the command, as typed. */
const HOLDER = `farside ${process.argv[2] ?? ""}`.trim();

/**
 * The lander at --port: a serial port, shared with watchers as port-sharing.ts does, or a TCP
 * link (tcp://HOST:PORT), which the far end serves to one client at a time.
 */
export function serialLink(path: string): LanderLink {
  if (isTcpPort(path)) return { name: path, clock: WALL_CLOCK, open: () => openTcpTransport(path) };
  return {
    name: path,
    clock: WALL_CLOCK,
    open: (baudRate, access = "hold") =>
      openSharedPort(path, { baudRate, access, holder: HOLDER, warn: (line) => console.error(`farside: ${line}`) }),
  };
}

/** A simulator on a pseudo-terminal: the command opens it as any other program would. */
export function ptySimulator(sim: SimulatedBoard): StartedSimulator {
  return {
    link: { ...serialLink(sim.hostPath), world: () => sim.lander.world() },
    simMs: () => sim.lander.simMs,
    stop: () => sim.stop(),
  };
}

/** The name the log and messages give a lander simulated in this process. */
export const IN_PROCESS = "simulator (in process)";

/** What a watching command's Ctrl-C leaves: a board flies on; a simulator started by --sim ends with the command. */
export function afterCtrlC(simulated: boolean): string {
  return simulated ? "the simulated lander stops with it" : "the lander carries on";
}

/** A simulator in this process, in lockstep with the command. */
export async function lockstepSimulator(board: BoardConfig, options: LockstepOptions): Promise<StartedSimulator> {
  const sim = await LockstepSimulator.start(board, options);
  let opened = false;
  const link: LanderLink = {
    name: IN_PROCESS,
    clock: sim.clock,
    // Between two steps, so what the host logs around it is the same at any speed.
    world: () => sim.between(() => sim.lander.world()),
    realTime: () => sim.setSpeed(1),
    open: () => {
      // One pipe, one host: a second client would read half of each reply.
      if (opened) return Promise.reject(new Error("the in-process simulator's link is already open"));
      opened = true;
      return Promise.resolve(sim.transport);
    },
  };
  return { link, simMs: () => sim.lander.simMs, stop: () => sim.stop() };
}

/**
 * A simulator in this process in real time, for a command that watches or is driven by a
 * person (monitor, dashboard, console): the lockstep one at speed 1, so the same LanderPipe
 * (the bridge's BRIDGE_BYTES, the UART's pacing and FIFOs) and no socat. Only a program outside
 * this process needs a pseudo-terminal, and `farside sim` (or the command's --pty) makes one.
 */
export function realTimeSimulator(board: BoardConfig): Promise<StartedSimulator> {
  return lockstepSimulator(board, { speed: 1 });
}

/**
 * A client on the link, its timeouts on the link's clock. A command that only watches passes
 * "watch" (or "drive"): where another farside holds the port it attaches to that one.
 */
export async function openClient(link: LanderLink, baudRate: number, access?: PortAccess): Promise<LanderClient> {
  return new LanderClient(await link.open(baudRate, access), { clock: link.clock });
}
