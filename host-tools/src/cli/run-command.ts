import { MODE_NAMES, Mode } from "../../../firmware/lander/status";
import { RESET_REASON_NAMES } from "../../../firmware/protocol/codec";
import { FAULT_NAMES, Fault } from "../../../firmware/safety/faults";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { LanderClient } from "../link/lander-client";
import { openSerialPort } from "../link/serial-port";

export interface RunOptions {
  readonly port: string;
  readonly baudRate: number;
  /** Continue an interrupted mission from its checkpoint instead of starting afresh. */
  readonly continue: boolean;
  /** How often to ask the lander how it is doing, wall ms. */
  readonly pollMs?: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(7)} s`;

/**
 * `farside run`: starts the lander's mission and follows it to the end. The session closes once
 * the mission is under way, so the lander runs it by itself and finishes even if this host goes
 * away; progress comes from status queries, which need no session. Ctrl-C aborts the lander to
 * its safe state first. Resolves true when the mission completed.
 */
export async function runMission(options: RunOptions, print: (line: string) => void): Promise<boolean> {
  const client = new LanderClient(await openSerialPort(options.port, { baudRate: options.baudRate }));
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  process.once("SIGINT", onInterrupt);
  try {
    const info = await client.connect();
    const reset = RESET_REASON_NAMES[info.resetReason] ?? `reset ${info.resetReason}`;
    print(`${info.boardId} firmware ${info.firmwareVersion}, protocol ${info.protocol}, last reset: ${reset}`);
    if (options.continue) {
      if (info.checkpoint === undefined) print("no interrupted mission to continue: starting afresh");
      else print(`continuing the interrupted mission after step ${info.checkpoint}`);
    }
    if (options.continue && info.checkpoint !== undefined) await client.continueMission();
    else await client.start();
    await client.endSession();
    let phase = -1;
    let lastNow = -1;
    for (;;) {
      if (interrupted) {
        await client.abort();
        print("interrupted: lander aborted to its safe state");
        return false;
      }
      const s = await client.status();
      if (s.nowMs < lastNow) print(`${seconds(s.nowMs)}  the lander reset`);
      lastNow = s.nowMs;
      if (s.phase !== phase && s.mode === Mode.Running) {
        phase = s.phase;
        print(`${seconds(s.nowMs)}  phase ${PHASE_NAMES[phase] ?? phase} (step ${s.step})`);
      }
      if (s.mode === Mode.Complete) {
        print(`${seconds(s.nowMs)}  mission complete`);
        return true;
      }
      if (s.mode === Mode.Safe || s.mode === Mode.Idle) {
        const fault = FAULT_NAMES[s.fault] ?? `fault ${s.fault}`;
        print(`${seconds(s.nowMs)}  ${MODE_NAMES[s.mode]}: ${s.fault === Fault.None ? "aborted" : `FAULT ${fault}`}`);
        if (s.fault === Fault.Interrupted)
          print("the lander kept its checkpoint: farside run --continue picks up from it");
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  } finally {
    process.off("SIGINT", onInterrupt);
    await client.close();
  }
}
