import { existsSync } from "node:fs";
import path from "node:path";
import type { BoardConfig } from "../../../firmware/board/config";
import { MODE_NAMES } from "../../../firmware/lander/status";
import { RESET_REASON_NAMES } from "../../../firmware/protocol/codec";
import { resetReasonFromEsp } from "../../../firmware/platform/reset-reason";
import { FAULT_NAMES } from "../../../firmware/safety/faults";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { describeFault, type ScheduledFault } from "../sim/fault-schedule";
import type { SimEvent } from "../sim/protocol";
import { SimulatedBoard } from "../sim/realtime-board";
import { UserError } from "./errors";

export interface SimCommandOptions {
  readonly link?: string;
  readonly speed: number;
  readonly seed: number;
  readonly batteryVolts?: number;
  readonly drop: number;
  readonly corrupt: number;
  readonly faults: readonly ScheduledFault[];
  /** Print the lander's events (phases, faults, resets) as they happen. */
  readonly quiet: boolean;
}

const clock = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(7)} s`;

function describeEvent(event: SimEvent): string | undefined {
  switch (event.type) {
    case "mode":
      return `mode ${MODE_NAMES[event.value] ?? event.value}`;
    case "phase":
      return `phase ${PHASE_NAMES[event.value] ?? event.value}`;
    case "fault":
      return `FAULT ${FAULT_NAMES[event.value] ?? event.value}`;
    case "reset":
      return `RESET (${RESET_REASON_NAMES[resetReasonFromEsp(event.value)]})`;
    case "boot":
      return `firmware booted (${RESET_REASON_NAMES[resetReasonFromEsp(event.value)]})`;
    case "mission":
      return `mission received, ${event.value} bytes`;
    case "armed":
      return event.value === 1 ? "armed" : "disarmed";
    case "step":
      return undefined;
  }
}

/**
 * `farside sim`: the lander firmware in XS on a simulated model, behind a real pseudo-terminal
 * that any serial program can open. Runs until Ctrl-C (or SIGTERM).
 */
export async function runSim(
  board: BoardConfig,
  options: SimCommandOptions,
  print: (line: string) => void,
): Promise<void> {
  const link = options.link === undefined ? undefined : path.resolve(options.link);
  if (link && !existsSync(path.dirname(link)))
    throw new UserError(`--link ${options.link}: folder ${path.dirname(link)} does not exist`);
  const sim = await SimulatedBoard.start(board, {
    link,
    speed: options.speed,
    seed: options.seed,
    batteryVolts: options.batteryVolts,
    faults: options.faults,
  });
  if (options.drop > 0 || options.corrupt > 0) await sim.lander.linkFaults(options.drop, options.corrupt);
  const speed =
    options.speed === Infinity
      ? "as fast as it goes"
      : options.speed === 1
        ? "real time"
        : `${options.speed}× real time`;
  print(`farside sim: ${board.name} (${board.id}), seed ${options.seed}, ${speed}`);
  print(`lander port: ${sim.hostPath}  (${board.link.baud} baud)`);
  print(`try: farside status --port ${sim.hostPath}   or   farside run --port ${sim.hostPath}`);
  if (!options.quiet) {
    sim.onEvent((event) => {
      const line = describeEvent(event);
      if (line) print(`${clock(sim.lander.simMs)}  ${line}`);
    });
    sim.onFault((fault) => print(`${clock(sim.lander.simMs)}  injected: ${describeFault(fault)}`));
  }
  await new Promise<void>((resolve, reject) => {
    const stop = (): void => void sim.stop().then(resolve, reject);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    sim.onStop((error) => (error ? reject(error) : resolve()));
  });
  print("farside sim: stopped");
}
