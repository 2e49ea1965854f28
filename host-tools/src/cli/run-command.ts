import { Mode } from "../../../firmware/lander/status";
import { Fault } from "../../../firmware/safety/faults";
import { EventKind } from "../../../firmware/protocol/codec";
import type { Dashboard } from "../dashboard/server";
import type { CheckedMission } from "../mission/load";
import { eventLine } from "../runlog/event";
import { telemetryLine } from "../runlog/telemetry";
import { MissionTime } from "../runlog/mission-time";
import type { LanderLink } from "./lander-link";
import { checkContinue } from "./continue-check";
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
import { uploadChecked } from "./mission-upload";
import { clock, faultLabel, modeLabel, phaseLabel, resetLabel } from "../labels";
import { writeReportIfAsked } from "./flight-report";
import { LidWatch, sampleSummary } from "../sample-summary";
import { faultLine, faultWhat, StepBeforeFault } from "../fault-advice";
import { IN_PROCESS } from "./lander-link";
import { loadBoard } from "../boards/load";

export interface RunOptions {
  readonly link: LanderLink;
  readonly baudRate: number;
  /** A checked mission to upload before running; without one the lander runs what it has. */
  readonly mission?: CheckedMission;
  /** Continue an interrupted mission from the lander's checkpoint instead of starting afresh. */
  readonly continue: boolean;
  readonly logPath: string;
  /** `--report [file]`: the HTML report once the flight has ended. */
  readonly report?: string | boolean;
  /** Show a progress bar (a terminal) rather than a line per phase. */
  readonly bar: boolean;
  /** Serve the dashboard for the run on this local port (0 picks one). */
  readonly ui?: number;
  /** `--detach`: start the mission, hand it to the lander (Goodbye) and exit, leaving it armed and flying. */
  readonly detach?: boolean;
}

export interface RunOutcome {
  readonly ok: boolean;
  readonly logPath: string;
}

/** How often run asks the lander's status: its liveness check, and how it learns the mission ended. */
const POLL_MS = 1000;

/**
 * `farside run`: uploads a mission (if given), starts it (or continues it) and follows it to
 * the end, logging telemetry, events and commands as they come. The session does not ask to be
 * watched, so the lander finishes the mission even if this host goes away. Ctrl-C aborts the
 * lander to its safe state first. Resolves with whether the mission completed.
 */
export async function runMission(options: RunOptions, print: (line: string) => void): Promise<RunOutcome> {
  const { link } = options;
  const flight = await openFlight(options.logPath, link, options.baudRate);
  const { log, client } = flight;
  let bar: MissionProgress | undefined;
  let dashboard: Dashboard | undefined;
  // Disarmed on the way out only if this command armed it: never a lander someone else flies.
  let armedHere = false;
  try {
    await refuseIfBusy(client, link.name);
    const info = await client.connect({ watch: false });
    print(
      `${info.boardId} firmware ${info.firmwareVersion}, protocol ${info.protocol}, last reset: ${resetLabel(info.resetReason)}`,
    );
    const mission = options.mission;
    if (mission) refuseOtherBoard(mission, info);
    if (options.continue) checkContinue(info, mission);
    const name = mission?.compiled.mission.name ?? "the lander's own mission";
    dashboard = await attachDashboard(options.ui, { client, info, mission, link }, print);
    writeStartLine(log, info, { mission: name, port: link.name, how: mission ? "upload+run" : "run" });
    const command = async (label: string, action: () => Promise<unknown>): Promise<void> => {
      try {
        await action();
        log.write({ type: "command", command: label, result: "ok" });
      } catch (error) {
        log.write({ type: "command", command: label, result: (error as Error).message });
        throw error;
      }
    };
    if (mission) {
      await command("upload", () => uploadChecked(client, mission));
      print(`uploaded "${name}" (${mission.bytes.length} bytes)`);
    }
    const markers = mission?.compiled.markers ?? [];
    const estimateMs = mission?.compiled.estimateMs;
    const stepCount = mission?.compiled.mission.steps.length;

    // Every time the user reads is the lander's, from the mission's start.
    const time = new MissionTime();
    let ended: { outcome: "complete" | "fault" | "aborted" | "interrupted"; fault?: string; code?: number } | undefined;
    if (options.bar && stepCount) bar = new MissionProgress(stepCount, estimateMs);
    let endedAt: string | undefined;
    const say = (line: string): void => {
      if (bar) return;
      print(line);
    };
    // A simulated lander says what it collected at the end; the lid says whether any could reach the container.
    const lid = link.world ? new LidWatch((mission?.board ?? loadBoard(info.boardId)).lid) : undefined;
    const before = new StepBeforeFault(mission?.compiled.mission.steps, mission?.board);
    // How the user goes on after a fault: a simulator in this process ends with the command.
    const next = link.name === IN_PROCESS ? "run it again" : `farside run --continue --port ${link.name}`;
    let resetReason: string | undefined;
    client.on("telemetry", (t) => {
      log.write(telemetryLine(t));
      lid?.see(t.lid);
      before.see(t, t.mode === Mode.Running);
      if (t.mode === Mode.Running) time.start(t.nowMs);
      bar?.update(t.step, phaseLabel(t.phase), time.at(t.nowMs), drillProgress(t, mission?.compiled.mission.steps));
    });
    client.on("event", (e) => {
      const line = eventLine(e, markers);
      log.write(line);
      const { event, name: named } = line;
      if (e.event === EventKind.ModeChanged && e.value === Mode.Running) time.start(e.nowMs);
      const at = clock(time.at(e.nowMs));
      if (event === "phase") say(`${at}  phase ${named ?? e.value}`);
      if (event === "marker") say(`${at}  ${named ?? `marker ${e.value}`}`);
      if (event === "fault") say(`${at}  FAULT ${faultWhat(e.value, { servos: before.servos(), reset: resetReason })}`);
      if (e.event === EventKind.ModeChanged && (e.value === Mode.Complete || e.value === Mode.Safe)) endedAt = at;
    });
    await command("telemetry", () => client.setTelemetry(FLIGHT_TELEMETRY_MS));
    // Running a mission is the user's explicit go-ahead: farside arms for it and disarms after.
    await command("arm", () => client.arm());
    armedHere = true;
    if (options.continue) {
      say(`continuing the interrupted mission after step ${info.checkpoint}`);
      await command("continue", () => client.continueMission());
    } else await command("start", () => client.start());
    if (options.detach) {
      // Goodbye after Start hands the mission to the lander: it flies on without this host.
      await command("goodbye", () => client.endSession());
      armedHere = false;
      bar?.stop();
      bar = undefined;
      writeEndLine(log, "detached");
      print(`started "${name}": the lander flies it on its own; watch it with farside monitor --port ${link.name}`);
      print(describeLog(log));
      return { ok: true, logPath: options.logPath };
    }

    let lastNow = -1;
    let wake: (() => void) | undefined;
    void flight.stopped.then(() => wake?.());
    for (;;) {
      // A log that can no longer be written stops the run as Ctrl-C does: nothing flies unrecorded.
      if (flight.interrupted() || log.failed) {
        bar?.stop();
        bar = undefined;
        await abortToSafe(client, log);
        ended = { outcome: "aborted" };
        break;
      }
      // Status is the liveness check: it answers with or without a session, and a lander that
      // reset (its clock went back) has lost the session, so a new one is opened for events.
      const s = await client.status();
      if (s.nowMs < lastNow) {
        say(`${clock(time.at(s.nowMs))}  the lander reset`);
        log.write({ type: "event", event: "reset", value: -1, landerMs: s.nowMs });
        resetReason = resetLabel((await client.connect({ watch: false })).resetReason);
        await client.setTelemetry(FLIGHT_TELEMETRY_MS);
      }
      lastNow = s.nowMs;
      if (s.mode === Mode.Complete) ended = { outcome: "complete" };
      else if (s.mode === Mode.Safe) {
        const fault = faultLabel(s.fault);
        if (s.fault === Fault.Interrupted) ended = { outcome: "interrupted", fault, code: s.fault };
        else ended = s.fault === Fault.None ? { outcome: "aborted" } : { outcome: "fault", fault, code: s.fault };
      }
      if (ended) break;
      // The next look, or Ctrl-C. Only the host's own timers and the lander's answers decide
      // when it acts, never when a stray event reached it: in lockstep that keeps the log the
      // same at any speed.
      await new Promise<void>((resolve) => {
        const timer = client.clock.after(POLL_MS, resolve);
        wake = () => {
          timer.cancel();
          resolve();
        };
      });
      wake = undefined;
    }
    bar?.stop();
    bar = undefined;
    // Disarmed while the log is still open, so the log shows it (close() disarms on error paths).
    await command("disarm", () => client.disarm());
    if (log.failed) throw log.failed;
    const final = await client.status();
    let jammed: string[] = [];
    if (link.world) {
      const world = await link.world();
      // The simulator knows which servo jammed, which the wire does not carry.
      jammed = Object.entries(world.servos).flatMap(([name, servo]) => (servo.jammed ? [name] : []));
      log.write({
        type: "world",
        containerG: world.samples.containerG,
        spilledG: world.samples.spilledG,
        coreMm: world.samples.coreMm,
        scoops: world.samples.scoops,
        supplyVolts: world.supplyVolts,
      });
      if (!flight.interrupted())
        print(sampleSummary({ ...world.samples, sealed: world.containerSealed, lidOpened: lid?.opened }));
    }
    writeEndLine(log, ended.outcome, ended.fault);
    if (flight.interrupted()) {
      print(describeInterrupted(log));
      writeReportIfAsked(options.report, options.logPath, print);
      return { ok: false, logPath: options.logPath };
    }
    // When the lander said it ended, not when this host next asked.
    const endTime = endedAt ?? clock(time.at(final.nowMs));
    if (ended.outcome === "complete") print(`${endTime}  mission complete`);
    else if (ended.code !== undefined) {
      const servos = jammed.length > 0 ? jammed : before.servos();
      print(`${endTime}  ${modeLabel(final.mode)}: ${faultLine(ended.code, { servos, reset: resetReason, next })}`);
    }
    print(describeLog(log));
    writeReportIfAsked(options.report, options.logPath, print);
    await keepServing(dashboard, flight, link, print);
    return { ok: ended.outcome === "complete", logPath: options.logPath };
  } catch (error) {
    throw endLostFlight(log, error);
  } finally {
    bar?.stop();
    await dashboard?.close();
    flight.release();
    await client.close({ disarm: armedHere });
  }
}
