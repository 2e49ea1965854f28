// The simulator that the commands a person watches or drives (monitor, dashboard, console) start
// with --sim: in this process at real time, needing no other program; with --pty, on a
// pseudo-terminal (made by socat) that other programs can open too, its path printed.
import { DEFAULT_BOARD } from "../mission/load";
import { SimulatedBoard } from "../sim/realtime-board";
import { UserError } from "../errors";
import { loadNamedBoard } from "./board-option";
import { IN_PROCESS, ptySimulator, realTimeSimulator, type StartedSimulator } from "./lander-link";

export interface WatchSimOptions {
  readonly sim?: boolean;
  readonly pty?: boolean;
}

/** The --pty option's help, declared once for the three commands. */
export const PTY_OPTION_HELP =
  "with --sim: put the simulator on a pseudo-terminal other programs can open too (needs socat); its port is printed";

/**
 * What --sim starts for the command, or undefined without --sim. `ptyLine` is the command's
 * line naming the pty's path; in process it says where a port comes from instead.
 */
export function watchedSimulator(
  options: WatchSimOptions,
  boardId: string | undefined,
  ptyLine: (path: string) => string,
  print: (line: string) => void,
): (() => Promise<StartedSimulator>) | undefined {
  if (options.pty && !options.sim) throw new UserError("--pty goes with --sim: it puts the simulator on a pty");
  if (!options.sim) return undefined;
  const board = loadNamedBoard(boardId ?? DEFAULT_BOARD);
  if (options.pty) {
    return async () => {
      const sim = await SimulatedBoard.start(board);
      print(ptyLine(sim.hostPath));
      return ptySimulator(sim);
    };
  }
  return async () => {
    const sim = await realTimeSimulator(board);
    print(
      `farside sim: ${board.name}, ${IN_PROCESS}, real time (no port for other programs: --pty or farside sim gives one)`,
    );
    return sim;
  };
}
