import { readFileSync } from "node:fs";
import type { BoardConfig } from "../../../firmware/board/config";
import { FIRMWARE_LEDC_CHANNEL_MAP } from "../boards/firmware-build";
import { SIM_BUNDLE } from "../paths";
import { startXs, type XsEngine, type XsMeter } from "../xs/engine";
import type { BootOptions, ResetCause, SimEvent, SimReply, SimRequest, SimStatus } from "./protocol";
import type { ServoName, WorldSnapshot } from "./xs/model/world";

/** Everything the virtual board's pins did, accumulated over a run. */
export class BoardTrace {
  /** Flat triples: firmware ms, pin, duty; a CHIP_RESET_PIN triple marks a reset (ms restart from 0). */
  readonly pwm: number[] = [];
  readonly digital: number[] = [];
  /** Flat pairs: simulation ms when it reached the host, byte the firmware wrote to its link. */
  readonly serial: number[] = [];
  readonly events: SimEvent[] = [];

  add(reply: SimReply): void {
    for (const value of reply.pwm) this.pwm.push(value);
    for (const value of reply.digital) this.digital.push(value);
    for (const value of reply.serial) this.serial.push(value);
    for (const event of reply.events) this.events.push(event);
  }
}

/**
 * The lander firmware running in the real XS engine on a virtual board, in virtual time.
 * Node drives the clock and the board's inputs; the firmware cannot tell it from an ESP32.
 */
export class VirtualLander {
  readonly trace = new BoardTrace();
  status!: SimStatus;
  /** Simulation time: runs on across resets, while status.nowMs is the firmware's ticks. */
  simMs = 0;
  /** Meter of the latest request: XS computrons and heap slots. */
  meter!: XsMeter;
  /** Sees every reply, whoever made the request: the pty bridge forwards the lander's bytes from it. */
  onReply: ((reply: SimReply) => void) | undefined;

  private constructor(
    private readonly worker: XsEngine,
    readonly board: BoardConfig,
    /** Off for long real-time runs, where a growing PWM trace would only cost memory. */
    private readonly keepTrace: boolean,
  ) {}

  static async boot(
    board: BoardConfig,
    options: BootOptions & { bundlePath?: string; keepTrace?: boolean } = {},
  ): Promise<VirtualLander> {
    const bundlePath = options.bundlePath ?? SIM_BUNDLE;
    const worker = startXs(`farside-${board.id}`);
    try {
      await worker.evaluate(readFileSync(bundlePath, "utf8"));
    } catch (error) {
      worker.close();
      throw error;
    }
    const lander = new VirtualLander(worker, board, options.keepTrace ?? true);
    await lander.restart(options);
    return lander;
  }

  /**
   * A fresh board, flash and physical model on the same engine, as if a new one were booted,
   * without loading the bundle again: for tests that live many short lives. The trace restarts.
   */
  async restart(options: BootOptions = {}): Promise<void> {
    const trace = this.trace;
    trace.pwm.length = 0;
    trace.digital.length = 0;
    trace.serial.length = 0;
    trace.events.length = 0;
    const { seed, physics, batteryVolts, inputs, debugBuild, firmware } = options;
    // The simulator holds the firmware to the LEDC channels its build really gets.
    const ledcChannelMap = options.ledcChannelMap ?? FIRMWARE_LEDC_CHANNEL_MAP;
    const cpuCost = options.cpuCost ?? cpuCostFromEnvironment();
    await this.request({
      op: "boot",
      board: this.board,
      seed,
      physics,
      batteryVolts,
      inputs,
      record: this.keepTrace,
      ledcChannelMap,
      cpuCost,
      debugBuild,
      firmware,
    });
  }

  get nowMs(): number {
    return this.status.nowMs;
  }

  async request(request: SimRequest): Promise<SimReply> {
    const { reply, meter } = await this.worker.command(Buffer.from(JSON.stringify(request)));
    const parsed = JSON.parse(reply.toString()) as SimReply;
    if (this.keepTrace) this.trace.add(parsed);
    this.status = parsed.status;
    this.simMs = parsed.simMs;
    this.onReply?.(parsed);
    this.meter = meter;
    return parsed;
  }

  /** `ms` of time; `serial`, if given, is what the host wrote, sent in as sendSerial would first. */
  advance(ms: number, serial?: readonly number[]): Promise<SimReply> {
    return this.request({ op: "advance", ms, ...(serial ? { serial } : {}) });
  }

  /**
   * Up to `ms`, in slices of `sliceMs`, stopping after the first slice in which the firmware
   * sent bytes; `simMs` then says how far it went.
   */
  advanceUntilSent(ms: number, sliceMs: number, serial?: readonly number[]): Promise<SimReply> {
    return this.request({ op: "advance", ms, sliceMs, ...(serial ? { serial } : {}) });
  }

  setInput(pin: number, level: 0 | 1): Promise<SimReply> {
    return this.request({ op: "input", pin, level });
  }

  /** Holds an analog pin at `volts`, as a bench supply on the pin would. */
  setAnalog(pin: number, volts: number): Promise<SimReply> {
    return this.request({ op: "analog", pin, value: volts });
  }

  /**
   * Slots the XS heap holds after a garbage collection and `ms` of ticks: compare two probes of
   * different lengths to see what the ticks themselves allocated. The status is not refreshed.
   */
  async probeHeap(ms: number): Promise<number> {
    const { meter } = await this.worker.command(Buffer.from(JSON.stringify({ op: "probe", ms })));
    this.meter = meter;
    return meter.currentHeapCount;
  }

  /**
   * Bytes the host writes now. They reach the firmware a byte-time each later at the board's
   * baud rate, so advance() the clock to see what they do.
   */
  sendSerial(bytes: Uint8Array | readonly number[]): Promise<SimReply> {
    return this.request({ op: "serial", bytes: Array.from(bytes) });
  }

  /** Milliseconds the link needs to carry `count` bytes (10 bits each), rounded up. */
  wireMs(count: number): number {
    return Math.ceil((count * 10_000) / this.board.link.baud);
  }

  // Faults on demand.
  jam(servo: ServoName, on = true): Promise<SimReply> {
    return this.request({ op: "jam", servo, on });
  }

  seizeDrill(on = true): Promise<SimReply> {
    return this.request({ op: "seize", on });
  }

  setBattery(volts: number): Promise<SimReply> {
    return this.request({ op: "battery", volts });
  }

  /** Resets the chip now; the firmware boots again about 300 ms later with the same flash. */
  reset(cause: ResetCause): Promise<SimReply> {
    return this.request({ op: "reset", cause });
  }

  /** Odds of each byte, each way, being lost or having a bit flipped. */
  linkFaults(drop: number, corrupt: number): Promise<SimReply> {
    return this.request({ op: "link", drop, corrupt });
  }

  /** The USB cable out (true) or back in. */
  disconnect(on = true): Promise<SimReply> {
    return this.request({ op: "disconnect", on });
  }

  /** The physical model's state: servo angles and currents, drill, samples, supply. */
  async world(): Promise<WorldSnapshot> {
    const reply = await this.request({ op: "world" });
    if (!reply.world) throw new Error("this simulation runs without physics");
    return reply.world;
  }

  /** Presses and releases a button for `holdMs` of virtual time, as a person would. */
  async press(input: { readonly pin: number; readonly activeLevel: 0 | 1 }, holdMs = 100): Promise<void> {
    await this.setInput(input.pin, input.activeLevel);
    await this.advance(holdMs);
    await this.setInput(input.pin, input.activeLevel === 1 ? 0 : 1);
  }

  /** Advances in steps until `done` holds or `limitMs` of virtual time has passed. */
  async runUntil(done: (status: SimStatus) => boolean, limitMs: number, stepMs = 500): Promise<boolean> {
    const endMs = this.nowMs + limitMs;
    while (!done(this.status)) {
      if (this.nowMs >= endMs) return false;
      await this.advance(Math.min(stepMs, endMs - this.nowMs));
    }
    return true;
  }

  close(): void {
    this.worker.close();
  }
}

/**
 * FARSIDE_CPU_COST scales the simulated chip's CPU cost for every simulator this process
 * starts (cpu-cost.ts): `npm run test:slow-chip` runs the HIL suite at 3.
 */
function cpuCostFromEnvironment(): number | undefined {
  const text = process.env.FARSIDE_CPU_COST;
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!(value >= 0) || !Number.isFinite(value))
    throw new RangeError(`FARSIDE_CPU_COST must be a number of 0 or more, not ${text}`);
  return value;
}
