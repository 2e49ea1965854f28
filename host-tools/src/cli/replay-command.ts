import { Mode } from "../../../firmware/lander/status";
import { encodeStep } from "../../../firmware/mission/format";
import { EventKind, Result } from "../../../firmware/protocol/codec";
import { Fault } from "../../../firmware/safety/faults";
import type { Dashboard } from "../dashboard/server";
import { RefusedError } from "../link/lander-client";
import type { CheckedMission } from "../mission/load";
import { eventLine } from "../runlog/event";
import { telemetryLine } from "../runlog/telemetry";
import { percentile } from "../statistics";
import {
  attachDashboard,
  describeLog,
  FLIGHT_TELEMETRY_MS,
  openFlight,
  refuseIfBusy,
  refuseOtherBoard,
  writeEndLine,
  writeStartLine,
  abortToSafe,
  describeInterrupted,
  endLostFlight,
  keepServing,
} from "./flight";
import { drillProgress, MissionProgress } from "./mission-progress";
import { MissionTime } from "../runlog/mission-time";
import { sleep as sleepOn } from "../link/host-clock";
import { IN_PROCESS, type LanderLink } from "./lander-link";
import { faultLine, StepBeforeFault } from "../fault-advice";
import { clock, faultLabel, phaseLabel, resetLabel } from "../labels";
import { writeReportIfAsked } from "./flight-report";

export interface ReplayOptions {
  readonly link: LanderLink;
  readonly baudRate: number;
  readonly mission: CheckedMission;
  /** Each step leaves this much after its scripted time, as through a relay satellite. */
  readonly relayDelayMs: number;
  /** Serve the dashboard on this local port (0 picks one). */
  readonly ui?: number;
  readonly logPath: string;
  /** `--report [file]`: the HTML report once the flight has ended. */
  readonly report?: string | boolean;
  /** Show a progress bar (a terminal) rather than a line per phase. */
  readonly bar?: boolean;
}

export interface ReplayOutcome {
  readonly ok: boolean;
  /** How late each step left against its scripted time (relay delay included in the script), ms. */
  readonly dispatchErrorsMs: readonly number[];
}

const BUSY_POLL_MS = 10;

/**
 * `farside replay`: the host, not the lander, keeps the mission's time. Each step goes to the
 * lander at its scripted time (plus the relay delay); a step that finds the lander still busy
 * with the last one waits for it, and how late each left is recorded. Waits, markers and
 * checkpoints stay on the host. The session is watched: if this host falls silent the lander
 * stops, as a lander driven step by step must.
 */
export async function replayMission(options: ReplayOptions, print: (line: string) => void): Promise<ReplayOutcome> {
  const { link } = options;
  const flight = await openFlight(options.logPath, link, options.baudRate);
  const { log, client } = flight;
  // The schedule's clock: the wall clock on a port, the simulator's own in lockstep with it.
  const hostClock = client.clock;
  const sleep = (ms: number): Promise<void> => sleepOn(hostClock, ms);
  const errors: number[] = [];
  let dashboard: Dashboard | undefined;
  let bar: MissionProgress | undefined;
  // Disarmed on the way out only if this command armed it: never a lander someone else flies.
  let armedHere = false;
  try {
    await refuseIfBusy(client, link.name);
    const info = await client.connect({ watch: true });
    dashboard = await attachDashboard(options.ui, { client, info, mission: options.mission, link }, print);
    const { mission, stepStartsMs, markers } = options.mission.compiled;
    refuseOtherBoard(options.mission, info);
    print(
      `${info.boardId} firmware ${info.firmwareVersion}, last reset: ${resetLabel(info.resetReason)}; replaying "${mission.name}"${options.relayDelayMs > 0 ? ` through a ${options.relayDelayMs / 1000} s relay` : ""}`,
    );
    writeStartLine(log, info, { mission: mission.name, port: link.name, how: "replay" });
    const before = new StepBeforeFault(mission.steps, options.mission.board);
    // The bar moves on the lander's telemetry, so it ticks through a long step, on the lander's
    // clock from the first step sent; its step and phase are the ones this host last sent.
    const time = new MissionTime();
    let flying = false;
    let shown: { step: number; index: number; phase?: number; done?: boolean } = { step: 0, index: 0 };
    let last = { nowMs: 0, phase: 0, step: 0, depthMm: 0 };
    const tick = (): void => {
      const phase = shown.phase ?? last.phase;
      const label = shown.done ? "last step" : phaseLabel(phase);
      bar?.update(
        shown.step,
        label,
        time.at(last.nowMs),
        shown.done ? undefined : drillProgress({ ...last, phase, step: shown.index }, mission.steps),
      );
    };
    client.on("telemetry", (t) => {
      log.write(telemetryLine(t));
      before.see(t, false);
      if (flying) time.start(t.nowMs);
      last = t;
      tick();
    });
    let fault = Fault.None;
    client.on("event", (e) => {
      if (e.event === EventKind.Fault) fault = e.value;
      log.write(eventLine(e, markers));
    });
    await client.setTelemetry(FLIGHT_TELEMETRY_MS);
    // Replaying is the user's explicit go-ahead: farside arms for it and disarms after.
    await client.arm();
    armedHere = true;
    log.write({ type: "command", command: "arm", result: "ok" });
    if (options.bar) bar = new MissionProgress(mission.steps.length, options.mission.compiled.estimateMs);
    const began = hostClock.now();
    flying = true;
    let phase = -1;
    // Ctrl-C, or a log that can no longer be written: nothing flies unrecorded.
    const stopping = (): boolean => flight.interrupted() || log.failed !== undefined;
    for (const [i, step] of mission.steps.entries()) {
      if (stopping()) break;
      if (step.kind === "marker" || step.kind === "checkpoint") {
        log.write({ type: "event", event: "marker", value: step.id, name: markers[step.id] ?? "", landerMs: -1 });
        continue;
      }
      // The host keeps the time: waits are the gaps in the schedule.
      if (step.kind === "wait" || step.kind === "until") continue;
      const due = began + (stepStartsMs[i] ?? 0) + options.relayDelayMs;
      if (due > hostClock.now()) await sleep(due - hostClock.now());
      const bytes = encodeStep(step);
      before.sent(i);
      for (;;) {
        if (stopping() || fault !== Fault.None) break;
        try {
          await client.runStep(bytes);
          break;
        } catch (error) {
          if (!(error instanceof RefusedError)) throw error;
          // A fault under the last step disarmed the lander: the replay stops on the fault.
          if (fault !== Fault.None) break;
          if (error.result !== Result.Refused) throw error;
          // Still busy with the previous step (or making itself safe): it leaves when the lander can take it.
          const s = await client.status();
          if (s.mode === Mode.Safe || s.mode === Mode.Safing)
            fault = s.fault === Fault.None ? Fault.StepRefused : s.fault;
          await sleep(BUSY_POLL_MS);
        }
      }
      if (stopping() || fault !== Fault.None) break;
      errors.push(hostClock.now() - due);
      log.write({ type: "command", command: `step ${i} ${step.kind}`, result: "ok" });
      shown = { step: i + 1, index: i, phase: step.phase };
      tick();
      if (step.phase !== phase) {
        phase = step.phase;
        if (!bar) print(`${clock(hostClock.now() - began)}  phase ${phaseLabel(phase)}`);
      }
    }
    if (!flight.interrupted() && fault === Fault.None) {
      shown = { ...shown, step: mission.steps.length, done: true };
      tick();
    }
    bar?.stop();
    bar = undefined;
    if (stopping()) await abortToSafe(client, log);
    else if (fault === Fault.None) {
      // The last step runs out before the replay is over.
      for (let s = await client.status(); s.mode === Mode.Running; s = await client.status()) await sleep(50);
    }
    // Disarmed while the log is still open, so the log shows it (close() disarms on error paths).
    await client.disarm();
    log.write({ type: "command", command: "disarm", result: "ok" });
    if (log.failed) throw log.failed;
    const end = await client.status();
    const ok = !flight.interrupted() && fault === Fault.None && end.fault === Fault.None;
    writeEndLine(
      log,
      ok ? "complete" : flight.interrupted() ? "aborted" : "fault",
      ok || flight.interrupted() ? undefined : faultLabel(fault || end.fault),
    );
    if (flight.interrupted()) {
      print(describeInterrupted(log));
      writeReportIfAsked(options.report, options.logPath, print);
      return { ok: false, dispatchErrorsMs: errors };
    }
    const next =
      link.name === IN_PROCESS ? "replay it again" : `farside replay ${options.mission.path} --port ${link.name}`;
    print(
      ok ? "replay complete" : `replay stopped: ${faultLine(fault || end.fault, { servos: before.servos(), next })}`,
    );
    if (errors.length > 0) {
      print(
        `step dispatch against the script: median ${percentile(errors, 50).toFixed(0)} ms late, 99th percentile ${percentile(errors, 99).toFixed(0)} ms (${errors.length} steps)`,
      );
    }
    print(describeLog(log));
    writeReportIfAsked(options.report, options.logPath, print);
    await keepServing(dashboard, flight, link, print);
    return { ok, dispatchErrorsMs: errors };
  } catch (error) {
    throw endLostFlight(log, error);
  } finally {
    bar?.stop();
    flight.release();
    await dashboard?.close();
    await client.close({ disarm: armedHere });
  }
}
