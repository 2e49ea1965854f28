import { Mode } from "../../../firmware/lander/status";
import { Fault } from "../../../firmware/safety/faults";
import type { Dashboard } from "../dashboard/server";
import type { CheckedMission } from "../mission/load";
import { eventLine } from "../runlog/event";
import { telemetryLine } from "../runlog/telemetry";
import type { SimulatedBoard } from "../sim/realtime-board";
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
} from "./flight";
import { MissionProgress } from "./mission-progress";
import { uploadChecked } from "./mission-upload";
import { clock, faultLabel, modeLabel, phaseLabel, resetLabel } from "../labels";

export interface RunOptions {
  readonly port: string;
  readonly baudRate: number;
  /** A checked mission to upload before running; without one the lander runs what it has. */
  readonly mission?: CheckedMission;
  /** Continue an interrupted mission from the lander's checkpoint instead of starting afresh. */
  readonly continue: boolean;
  readonly logPath: string;
  /** The simulator the port belongs to, when the run is on one: its physics goes in the log. */
  readonly sim?: SimulatedBoard;
  /** Show a progress bar (a terminal) rather than a line per phase. */
  readonly bar: boolean;
  /** Serve the dashboard for the run on this local port (0 picks one). */
  readonly ui?: number;
}

export interface RunOutcome {
  readonly ok: boolean;
  readonly logPath: string;
}

const LIVENESS_MS = 1000;

/**
 * `farside run`: uploads a mission (if given), starts it (or continues it) and follows it to
 * the end, logging telemetry, events and commands as they come. The session does not ask to be
 * watched, so the lander finishes the mission even if this host goes away. Ctrl-C aborts the
 * lander to its safe state first. Resolves with whether the mission completed.
 */
export async function runMission(options: RunOptions, print: (line: string) => void): Promise<RunOutcome> {
  const flight = await openFlight(options.logPath, options.port, options.baudRate);
  const { log, client } = flight;
  let bar: MissionProgress | undefined;
  let dashboard: Dashboard | undefined;
  // Disarmed on the way out only if this command armed it: never a lander someone else flies.
  let armedHere = false;
  try {
    await refuseIfBusy(client, options.port);
    const info = await client.connect({ watch: false });
    print(
      `${info.boardId} firmware ${info.firmwareVersion}, protocol ${info.protocol}, last reset: ${resetLabel(info.resetReason)}`,
    );
    const mission = options.mission;
    if (mission) refuseOtherBoard(mission, info);
    if (options.continue) checkContinue(info, mission);
    const name = mission?.compiled.mission.name ?? "the lander's own mission";
    dashboard = await attachDashboard(options.ui, { client, info, mission, sim: options.sim }, print);
    writeStartLine(log, info, { mission: name, port: options.port, how: mission ? "upload+run" : "run" });
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

    let startedAt = -1;
    let ended: { outcome: "complete" | "fault" | "aborted" | "interrupted"; fault?: string } | undefined;
    if (options.bar && stepCount) bar = new MissionProgress(stepCount, estimateMs);
    const say = (line: string): void => {
      if (bar) return;
      print(line);
    };
    client.on("telemetry", (t) => {
      log.write(telemetryLine(t));
      if (startedAt < 0 && t.mode === Mode.Running) startedAt = t.nowMs;
      bar?.update(t.step, phaseLabel(t.phase), startedAt >= 0 ? t.nowMs - startedAt : 0);
    });
    client.on("event", (e) => {
      const line = eventLine(e, markers);
      log.write(line);
      const { event, name: named } = line;
      if (event === "phase") say(`${clock(e.nowMs)}  phase ${named ?? e.value}`);
      if (event === "marker") say(`${clock(e.nowMs)}  ${named ?? `marker ${e.value}`}`);
      if (event === "fault") say(`${clock(e.nowMs)}  FAULT ${named ?? e.value}`);
    });
    await command("telemetry", () => client.setTelemetry(FLIGHT_TELEMETRY_MS));
    // Running a mission is the user's explicit go-ahead: farside arms for it and disarms after.
    await command("arm", () => client.arm());
    armedHere = true;
    if (options.continue) {
      say(`continuing the interrupted mission after step ${info.checkpoint}`);
      await command("continue", () => client.continueMission());
    } else await command("start", () => client.start());

    let lastNow = -1;
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
        say(`${clock(s.nowMs)}  the lander reset`);
        log.write({ type: "event", event: "reset", value: -1, landerMs: s.nowMs });
        await client.connect({ watch: false });
        await client.setTelemetry(FLIGHT_TELEMETRY_MS);
      }
      lastNow = s.nowMs;
      if (s.mode === Mode.Complete) ended = { outcome: "complete" };
      else if (s.mode === Mode.Safe) {
        const fault = faultLabel(s.fault);
        if (s.fault === Fault.Interrupted) ended = { outcome: "interrupted", fault };
        else ended = s.fault === Fault.None ? { outcome: "aborted" } : { outcome: "fault", fault };
      }
      if (ended) break;
      await new Promise((resolve) => setTimeout(resolve, LIVENESS_MS / 4));
    }
    bar?.stop();
    bar = undefined;
    // Disarmed while the log is still open, so the log shows it (close() disarms on error paths).
    await command("disarm", () => client.disarm());
    if (log.failed) throw log.failed;
    const final = await client.status();
    if (options.sim) {
      const world = await options.sim.lander.world();
      log.write({
        type: "world",
        containerG: world.samples.containerG,
        spilledG: world.samples.spilledG,
        coreMm: world.samples.coreMm,
        scoops: world.samples.scoops,
        supplyVolts: world.supplyVolts,
      });
      if (!flight.interrupted())
        print(
          `samples: ${world.samples.containerG.toFixed(1)} g in the container (a ${world.samples.coreMm.toFixed(0)} mm core and ${world.samples.scoops} scoops)`,
        );
    }
    writeEndLine(log, ended.outcome, ended.fault);
    if (flight.interrupted()) {
      print(describeInterrupted(log));
      return { ok: false, logPath: options.logPath };
    }
    if (ended.outcome === "complete") print(`${clock(final.nowMs)}  mission complete`);
    else if (ended.outcome !== "aborted" || ended.fault) {
      print(`${clock(final.nowMs)}  ${modeLabel(final.mode)}: ${ended.fault ? `FAULT ${ended.fault}` : "aborted"}`);
    }
    if (ended.outcome === "interrupted")
      print("the lander kept its checkpoint: farside run --continue picks up from it");
    print(describeLog(log));
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
