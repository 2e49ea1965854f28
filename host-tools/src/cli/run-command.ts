import path from "node:path";
import { MODE_NAMES, Mode } from "../../../firmware/lander/status";
import { RESET_REASON_NAMES } from "../../../firmware/protocol/codec";
import { FAULT_NAMES, Fault } from "../../../firmware/safety/faults";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { loadBoard } from "../boards/load";
import { Dashboard } from "../dashboard/server";
import type { CheckedMission } from "../mission/load";
import { eventLine } from "../runlog/event";
import { telemetryLine } from "../runlog/telemetry";
import { openFlight, refuseIfBusy } from "./flight";
import { MissionProgress } from "./mission-progress";
import { uploadChecked } from "./mission-upload";
import type { SimulatedBoard } from "../sim/realtime-board";
import { UserError } from "./errors";
import { checkContinue } from "./continue-check";

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

const TELEMETRY_MS = 200;

const LIVENESS_MS = 1000;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(7)} s`;

/** `runs/<date>-<mission>.jsonl` in the current folder. */
export function defaultLogPath(missionName: string, now = new Date()): string {
  const slug =
    missionName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "mission";
  const stamp = now.toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return path.join("runs", `${stamp}-${slug}.jsonl`);
}

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
    const reset = RESET_REASON_NAMES[info.resetReason] ?? `reset ${info.resetReason}`;
    print(`${info.boardId} firmware ${info.firmwareVersion}, protocol ${info.protocol}, last reset: ${reset}`);
    const mission = options.mission;
    if (mission && mission.board.id !== info.boardId) {
      throw new UserError(
        `${mission.path} was checked for ${mission.board.id} but the lander is ${info.boardId}: validate it with --board ${info.boardId}`,
      );
    }
    if (options.continue) checkContinue(info, mission);
    const name = mission?.compiled.mission.name ?? "the lander's own mission";
    if (options.ui !== undefined) {
      dashboard = await Dashboard.start({
        client,
        board: mission?.board ?? loadBoard(info.boardId),
        port: options.ui,
        layers: options.sim ? (await options.sim.lander.world()).layers : [],
        mission: mission
          ? { name, steps: mission.compiled.mission.steps.length, estimateMs: mission.compiled.estimateMs }
          : undefined,
      });
      print(`dashboard: ${dashboard.url}`);
    }
    log.write({
      type: "start",
      mission: name,
      board: info.boardId,
      port: options.port,
      how: mission ? "upload+run" : "run",
      farside: "0.1.0",
      started: new Date().toISOString(),
      lastReset: RESET_REASON_NAMES[info.resetReason] ?? `reset ${info.resetReason}`,
    });
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
      bar?.update(t.step, PHASE_NAMES[t.phase] ?? String(t.phase), startedAt >= 0 ? t.nowMs - startedAt : 0);
    });
    client.on("event", (e) => {
      const line = eventLine(e, markers);
      log.write(line);
      const { event, name: named } = line;
      if (event === "phase") say(`${seconds(e.nowMs)}  phase ${named ?? e.value}`);
      if (event === "marker") say(`${seconds(e.nowMs)}  ${named ?? `marker ${e.value}`}`);
      if (event === "fault") say(`${seconds(e.nowMs)}  FAULT ${named ?? e.value}`);
    });
    await command("telemetry", () => client.setTelemetry(TELEMETRY_MS));
    // Running a mission is the user's explicit go-ahead: farside arms for it and disarms after.
    await command("arm", () => client.arm());
    armedHere = true;
    if (options.continue) {
      say(`continuing the interrupted mission after step ${info.checkpoint}`);
      await command("continue", () => client.continueMission());
    } else await command("start", () => client.start());

    let lastNow = -1;
    for (;;) {
      if (flight.interrupted()) {
        await command("abort", () => client.abort());
        ended = { outcome: "aborted" };
        say("interrupted: lander aborted to its safe state");
        break;
      }
      // Status is the liveness check: it answers with or without a session, and a lander that
      // reset (its clock went back) has lost the session, so a new one is opened for events.
      const s = await client.status();
      if (s.nowMs < lastNow) {
        say(`${seconds(s.nowMs)}  the lander reset`);
        log.write({ type: "event", event: "reset", value: -1, landerMs: s.nowMs });
        await client.connect({ watch: false });
        await client.setTelemetry(TELEMETRY_MS);
      }
      lastNow = s.nowMs;
      if (s.mode === Mode.Complete) ended = { outcome: "complete" };
      else if (s.mode === Mode.Safe) {
        const fault = FAULT_NAMES[s.fault] ?? `fault ${s.fault}`;
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
      print(
        `samples: ${world.samples.containerG.toFixed(1)} g in the container (a ${world.samples.coreMm.toFixed(0)} mm core and ${world.samples.scoops} scoops)`,
      );
    }
    log.write({ type: "end", outcome: ended.outcome, ...(ended.fault ? { fault: ended.fault } : {}) });
    if (ended.outcome === "complete") print(`${seconds(final.nowMs)}  mission complete`);
    else if (ended.outcome !== "aborted" || ended.fault) {
      print(`${seconds(final.nowMs)}  ${MODE_NAMES[final.mode]}: ${ended.fault ? `FAULT ${ended.fault}` : "aborted"}`);
    }
    if (ended.outcome === "interrupted")
      print("the lander kept its checkpoint: farside run --continue picks up from it");
    print(`log: ${options.logPath} (${log.lines} lines)`);
    return { ok: ended.outcome === "complete", logPath: options.logPath };
  } finally {
    bar?.stop();
    await dashboard?.close();
    flight.release();
    await client.close({ disarm: armedHere });
  }
}
