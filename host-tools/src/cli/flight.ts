import { mkdirSync } from "node:fs";
import path from "node:path";
import { MODE_NAMES, Mode } from "../../../firmware/lander/status";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { LanderClient } from "../link/lander-client";
import { openSerialPort } from "../link/serial-port";
import { RunLogWriter } from "../runlog/writer";
import { UserError } from "./errors";

/** What every command that flies a mission opens: its log, its client, and a watch on Ctrl-C. */
export interface Flight {
  readonly log: RunLogWriter;
  readonly client: LanderClient;
  /** Ctrl-C was pressed: the command aborts the lander before it exits. */
  interrupted(): boolean;
  /** Stops watching Ctrl-C and closes the log (the client is the caller's to close). */
  release(): void;
}

export async function openFlight(logPath: string, port: string, baudRate: number): Promise<Flight> {
  mkdirSync(path.dirname(logPath), { recursive: true });
  const log = new RunLogWriter(logPath);
  const client = new LanderClient(await openSerialPort(port, { baudRate }));
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  process.once("SIGINT", onInterrupt);
  return {
    log,
    client,
    interrupted: () => interrupted,
    release: () => {
      process.off("SIGINT", onInterrupt);
      log.close();
    },
  };
}

/** Checks --port/--sim and --baud the way every such command takes them; returns the baud rate. */
export function linkOptions(options: { port?: string; sim?: boolean; baud: string }): number {
  if (!options.port === !options.sim) throw new UserError("give --port PATH or --sim (one of them)");
  const baudRate = Number(options.baud);
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    throw new UserError(`--baud must be a positive integer, not ${options.baud}`);
  return baudRate;
}

/**
 * A host that finds the lander flying leaves it alone: another host (or the start button) set
 * it going, and stopping or disarming it is not this command's to do. Asked before any session
 * opens, so even the Hello does not touch it.
 */
export async function refuseIfBusy(client: LanderClient, port: string): Promise<void> {
  const s = await client.status();
  if (s.mode === Mode.Running || s.mode === Mode.Paused) {
    throw new UserError(
      `the lander is already flying (${MODE_NAMES[s.mode]}, ${PHASE_NAMES[s.phase] ?? s.phase} at step ${s.step}): leave it be, or watch it with farside monitor --port ${port}`,
    );
  }
  if (s.mode === Mode.Safing) {
    throw new UserError(`the lander is still getting safe: try again once it is (farside status --port ${port})`);
  }
}
