import { mkdirSync } from "node:fs";
import path from "node:path";
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
