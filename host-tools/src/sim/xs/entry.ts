// Runs inside xsnap-worker: the firmware's Lander on the virtual board, in a simulated world.
// The Node side drives it through the worker's `handleCommand` hook with small JSON requests
// (see host-tools/src/sim/protocol.ts) and gets back what the board's pins did meanwhile.
import { ESP_RESET, type SimReply, type SimRequest, type SimStatus } from "../protocol";
import { beginMeteredRequest, endMeteredRequest } from "./cpu-cost";
import { Simulation } from "./simulation";

// Moddable's trace() exists on the chip (xsbug in a debug build, nowhere in a release one).
const globals = globalThis as { trace?: (...values: unknown[]) => void };
if (typeof globals.trace !== "function") globals.trace = () => undefined;

// An XS built-in of Moddable's runtime (xsString.c) that xsnap-worker's build leaves out;
// main.ts decodes the board resource with it, as on the chip.
const strings = String as unknown as { fromArrayBuffer?: (buffer: ArrayBufferLike) => string };
if (typeof strings.fromArrayBuffer !== "function") {
  const utf8 = new TextDecoder();
  strings.fromArrayBuffer = (buffer) => utf8.decode(new Uint8Array(buffer));
}

let sim: Simulation | undefined;
let lastStatus: SimStatus | undefined;

function handle(request: SimRequest): SimReply {
  if (request.op === "boot") {
    sim = new Simulation(request.board, request);
    lastStatus = undefined;
  }
  if (!sim) throw new Error("boot first");
  const { state, uart, clock } = sim;
  let world = false;
  switch (request.op) {
    case "boot":
      break;
    case "advance":
      if (request.serial) uart.hostSend(request.serial, clock.simMs);
      if (request.sliceMs === undefined) clock.advance(request.ms);
      else advanceUntilSent(request.ms, request.sliceMs);
      break;
    case "input":
      state.inputs.set(request.pin, request.level);
      break;
    case "analog":
      state.analog.set(request.pin, request.value);
      break;
    case "serial":
      uart.hostSend(request.bytes, clock.simMs);
      break;
    case "jam":
      if (request.on) sim.world?.jam(request.servo);
      else sim.world?.release(request.servo);
      break;
    case "seize":
      if (request.on) sim.world?.seizeDrill();
      else sim.world?.freeDrill();
      break;
    case "battery":
      sim.world?.setBatteryVolts(request.volts);
      break;
    case "reset":
      sim.reset(ESP_RESET[request.cause]);
      break;
    case "link":
      uart.faults = { drop: request.drop, corrupt: request.corrupt };
      break;
    case "disconnect":
      uart.disconnected = request.on;
      break;
    case "world":
      world = true;
      break;
    case "probe":
      throw new Error("probe is answered before handle()");
  }
  sim.syncWorld();
  const status = sim.status(lastStatus);
  lastStatus = status;
  const reply: SimReply = {
    simMs: clock.simMs,
    nowMs: clock.ticks,
    pwm: state.pwm,
    digital: state.digital,
    serial: uart.delivered,
    events: sim.events,
    status,
    ...(world && sim.world ? { world: sim.world.snapshot() } : {}),
  };
  state.pwm = [];
  state.digital = [];
  uart.delivered = [];
  sim.events = [];
  return reply;
}

/** Up to `ms` of time in slices, ending early with the slice in which the UART delivered bytes. */
function advanceUntilSent(ms: number, sliceMs: number): void {
  if (!sim) throw new Error("boot first");
  const { clock, uart } = sim;
  const endMs = clock.simMs + ms;
  for (let now = clock.simMs; now < endMs && uart.delivered.length === 0; now = clock.simMs)
    clock.advance(endMs - now < sliceMs ? endMs - now : sliceMs);
}

/** Built once so answering a probe allocates nothing. */
const PROBE_REPLY = new ArrayBuffer(0);

function probe(ms: number): ArrayBuffer {
  if (!sim) throw new Error("boot first");
  const recording = sim.state.recording;
  sim.state.recording = false;
  gc();
  sim.clock.advance(ms);
  sim.state.recording = recording;
  return PROBE_REPLY;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// xsnap-worker calls the global handleCommand with each request the host sends.
(globalThis as { handleCommand?: (request: ArrayBuffer) => ArrayBuffer }).handleCommand = (
  request: ArrayBuffer,
): ArrayBuffer => {
  beginMeteredRequest();
  try {
    const parsed = JSON.parse(decoder.decode(request)) as SimRequest;
    if (parsed.op === "probe") return probe(parsed.ms);
    const reply = handle(parsed);
    return encoder.encode(JSON.stringify(reply)).buffer as ArrayBuffer;
  } finally {
    endMeteredRequest();
  }
};
