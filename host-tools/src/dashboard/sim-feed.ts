// The simulated lander seen from inside the simulator, for a dashboard that only watches: its
// telemetry read from the model and its events as the firmware raises them, without a byte on
// the pty, which stays free for whatever program drives the lander (johnny-five, a terminal).
import { EventEmitter } from "node:events";
import { EventKind } from "../../../firmware/protocol/messages";
import { copyTelemetry } from "../../../firmware/protocol/telemetry";
import { chipResetLabel } from "../labels";
import type { ClientEvents } from "../link/client-contract";
import type { SimEvent } from "../sim/protocol";
import type { SimulatedBoard } from "../sim/realtime-board";

/** As often as the dashboard asks a lander for telemetry over a link. */
export const WATCH_TELEMETRY_MS = 100;

const EVENT_KIND: Partial<Record<SimEvent["type"], EventKind>> = {
  mode: EventKind.ModeChanged,
  phase: EventKind.PhaseEntered,
  step: EventKind.StepDone,
  fault: EventKind.Fault,
  reset: EventKind.Reset,
  marker: EventKind.Marker,
  armed: EventKind.Armed,
};

/** What only the simulator sees, said as a line in the page's log. */
function simNote(event: SimEvent): string | undefined {
  if (event.type === "boot") return `firmware booted (${chipResetLabel(event.value)})`;
  if (event.type === "mission") return `mission received, ${event.value} bytes`;
  if (event.type === "crash") return "CRASH: an exception escaped the firmware; the chip restarts";
  return undefined;
}

/** Emits what a LanderClient would (telemetry, events, notes) until `stop`. */
export class SimulatorFeed extends EventEmitter<ClientEvents> {
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(sim: SimulatedBoard) {
    super();
    this.timer = setInterval(() => {
      this.emit("telemetry", { kind: "telemetry", ...copyTelemetry(sim.lander.status) });
    }, WATCH_TELEMETRY_MS);
    sim.onEvent((event) => {
      if (this.stopped) return;
      const kind = EVENT_KIND[event.type];
      if (kind !== undefined) this.emit("event", { kind: "event", event: kind, nowMs: event.t, value: event.value });
      const note = simNote(event);
      if (note) this.emit("string", note);
    });
    sim.onStop(() => this.stop());
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}
