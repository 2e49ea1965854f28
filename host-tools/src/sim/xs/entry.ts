// Runs inside xsnap-worker: the firmware's Lander on the virtual board. The Node side drives it
// through the worker's `handleCommand` hook with small JSON requests (see
// host-tools/src/sim/protocol.ts) and gets back what the board's pins did meanwhile.
import type { BoardConfig } from "../../../../firmware/board/config";
import type { KeyValueStore } from "../../../../firmware/platform/host";
import { Lander } from "../../../../firmware/lander/lander";
import { Link } from "../../../../firmware/link/link";
import type { MissionSink } from "../../../../firmware/link/mission-receiver";
import type { LanderEvents, Mode } from "../../../../firmware/lander/status";
import type { SimReply, SimRequest, SimStatus, SimEvent } from "../protocol";
import { VirtualClock } from "./virtual-clock";
import { BoardState, createVirtualDevice, receiveSerial } from "./virtual-device";

/** The simulator's stand-in for Moddable's Preference: kept in the worker, for now lost on exit. */
class VirtualFlash implements KeyValueStore {
  private readonly values = new Map<string, string | boolean | number | ArrayBuffer>();
  set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void {
    this.values.set(`${domain}/${key}`, value);
  }
  get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined {
    return this.values.get(`${domain}/${key}`);
  }
  delete(domain: string, key: string): void {
    this.values.delete(`${domain}/${key}`);
  }
}

/** A charged 2S LiPo at rest. */
const SUPPLY_VOLTS = 7.6;

/** What the ESP32's 12-bit ADC reads for a voltage at its pin (3.3 V full scale). */
function adcReading(volts: number): number {
  const raw = Math.round((volts / 3.3) * 4095);
  return raw < 0 ? 0 : raw > 4095 ? 4095 : raw;
}

let clock = new VirtualClock();
let state = new BoardState();
let lander: Lander | undefined;
let link: Link | undefined;
let events: SimEvent[] = [];

const missions: MissionSink = {
  missionReceived: (_bytes: Uint8Array, length: number) =>
    events.push({ t: clock.ticks, type: "mission", value: length }),
};

const recorder: LanderEvents = {
  modeChanged: (mode: Mode, nowMs: number) => events.push({ t: nowMs, type: "mode", value: mode }),
  phaseEntered: (phase: number, nowMs: number) => events.push({ t: nowMs, type: "phase", value: phase }),
  stepDone: (index: number, nowMs: number) => events.push({ t: nowMs, type: "step", value: index }),
  fault: (code: number, nowMs: number) => events.push({ t: nowMs, type: "fault", value: code }),
};

function boot(board: BoardConfig, inputs: Record<string, 0 | 1>): void {
  clock = new VirtualClock();
  state = new BoardState();
  events = [];
  // Switches start at rest (e-stop closed, start released); the host may override either.
  state.inputs.set(board.estop.pin, board.estop.activeLevel === 1 ? 0 : 1);
  state.inputs.set(board.start.pin, board.start.activeLevel === 1 ? 0 : 1);
  for (const [pin, level] of Object.entries(inputs)) state.inputs.set(Number(pin), level);
  if (board.battery) state.analog.set(board.battery.pin, adcReading(SUPPLY_VOLTS / board.battery.dividerRatio));
  const pins: Record<string, number> = { estop: board.estop.pin, start: board.start.pin };
  const device = createVirtualDevice(state, clock, pins);
  link = new Link(device, board, missions, recorder);
  lander = new Lander({ device, timer: clock, time: clock, store: new VirtualFlash() }, board, link);
  link.attach(lander);
  lander.boot();
}

function status(target: Lander): SimStatus {
  const s = target.status;
  return {
    mode: s.mode,
    phase: s.phase,
    step: s.step,
    fault: s.fault,
    nowMs: clock.ticks,
    joints: s.joints.slice(),
    depthMm: s.depthMm,
    rpm: s.rpm,
    loadAmps: s.loadAmps,
    lid: s.lid,
    flag: s.flag,
    ascender: s.ascender,
    estop: s.estop,
    hostLink: s.hostLink,
    linkDrops: link ? Array.from(link.decoder.drops) : [],
    ticks: s.ticks,
    overruns: s.overruns,
    clamped: s.clamped,
  };
}

function handle(request: SimRequest): SimReply {
  switch (request.op) {
    case "boot":
      boot(request.board, request.inputs ?? {});
      break;
    case "advance":
      clock.advance(request.ms);
      break;
    case "input":
      state.inputs.set(request.pin, request.level);
      break;
    case "analog":
      state.analog.set(request.pin, request.value);
      break;
    case "serial":
      receiveSerial(state, request.bytes);
      break;
    case "probe":
      throw new Error("probe is answered before handle()");
  }
  if (!lander) throw new Error("boot first");
  const reply: SimReply = {
    nowMs: clock.ticks,
    pwm: state.pwm,
    digital: state.digital,
    serial: state.serialOut,
    events,
    status: status(lander),
  };
  state.pwm = [];
  state.digital = [];
  state.serialOut = [];
  events = [];
  return reply;
}

/** Built once so answering a probe allocates nothing. */
const PROBE_REPLY = new ArrayBuffer(0);

function probe(ms: number): ArrayBuffer {
  state.recording = false;
  gc();
  clock.advance(ms);
  state.recording = true;
  return PROBE_REPLY;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// xsnap-worker calls the global handleCommand with each request the host sends.
(globalThis as { handleCommand?: (request: ArrayBuffer) => ArrayBuffer }).handleCommand = (
  request: ArrayBuffer,
): ArrayBuffer => {
  const parsed = JSON.parse(decoder.decode(request)) as SimRequest;
  if (parsed.op === "probe") return probe(parsed.ms);
  const reply = handle(parsed);
  return encoder.encode(JSON.stringify(reply)).buffer as ArrayBuffer;
};
