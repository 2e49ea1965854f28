import type { BoardConfig } from "../../../../firmware/board/config";
import type { Lander } from "../../../../firmware/lander/lander";
import { LanderStatus, type LanderObserver, type Mode } from "../../../../firmware/lander/status";
import type { Link } from "../../../../firmware/link/link";
import main from "../../../../firmware/main";
import { ESP_RESET_CODES } from "../../../../firmware/platform/reset-reason";
import { copyTelemetry } from "../../../../firmware/protocol/telemetry";
import { CHIP_RESET_PIN, type BootOptions, type SimEvent, type SimStatus } from "../protocol";
import { BoardState } from "./board-state";
import { xsCpuCost } from "./cpu-cost";
import { World } from "./model/world";
import { linkPhysics, PWM_PERIOD_MS } from "./physics-link";
import { bindChip } from "./platform/chip";
import { SeededRandom } from "./random";
import { VirtualClock, type DeviceTask } from "./virtual-clock";
import { createVirtualDevice } from "./virtual-device";
import { VirtualFlash } from "./virtual-flash";
import { attachUart } from "./virtual-serial";
import type { VirtualUart } from "./virtual-uart";

/** From reset to the firmware's first line: ROM, second-stage bootloader, XS and the preloads. */
const BOOT_MS = 300;
/** The ROM's name for the reset it reports, by ESP-IDF reset cause; the rest read as an RTC reset. [HW] */
const ROM_RESET_NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: "0x1 (POWERON_RESET)",
  3: "0xc (SW_CPU_RESET)",
  9: "0xf (RTCWDT_BRN_OUT_RESET)",
});

/** The first line the ESP32's ROM prints after a reset. [HW] */
function romBanner(cause: number): string {
  const reset = ROM_RESET_NAMES[cause] ?? "0x10 (RTCWDT_RTC_RESET)";
  return `ets Jun  8 2016 00:22:57\r\n\r\nrst:${reset},boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n`;
}
/** Battery volts under which the 3.3 V regulator drops out and the chip's brownout detector resets it. */
const BROWNOUT_VOLTS = 4.8;
/** Infinity, read once: XS looks a global up at every use, and the supply is checked every physics step. */
const NOT_SEEN = Infinity;
/**
 * The supply is checked after every physics step, which the firmware's reads bring about each
 * control period; when nothing has looked at the world for this long (a chip booting), the
 * simulation steps it itself.
 */
const WORLD_IDLE_MS = 2 * PWM_PERIOD_MS;
/** A charged 2S LiPo at rest, for runs without physics. */
const FIXED_SUPPLY_VOLTS = 7.6;
const {
  powerOn: ESP_RST_POWERON,
  software: ESP_RST_SW,
  taskWatchdog: ESP_RST_TASK_WDT,
  brownout: ESP_RST_BROWNOUT,
} = ESP_RESET_CODES;
/** CONFIG_ESP_TASK_WDT_TIMEOUT_S in sdkconfig/. */
const TASK_WATCHDOG_MS = 5000;

/**
 * The whole simulated model: the physical world, the board's pins and flash, the link's UART,
 * and the firmware running on them. The firmware can be reset (brownout, the button) and boots
 * again on the same board, flash and world, as on the real model.
 */
export class Simulation implements DeviceTask {
  readonly clock = new VirtualClock();
  readonly state = new BoardState();
  readonly flash = new VirtualFlash(this.clock);
  readonly world: World | undefined;
  readonly uart: VirtualUart;
  lander: Lander | undefined;
  link: Link | undefined;
  events: SimEvent[] = [];
  private bootAtMs = -1;
  private bootCause: number = ESP_RST_POWERON;
  /** When the supply was seen under the brownout level; Infinity: it has not been. */
  private brownoutAtMs = Infinity;
  private readonly recorder: LanderObserver;
  /** The board file as flashed with the app: main.ts reads it as a resource. */
  private readonly resources: ReadonlyMap<string, ArrayBuffer>;
  private crash: string | undefined;

  constructor(
    readonly board: BoardConfig,
    private readonly options: BootOptions = {},
  ) {
    const seed = options.seed ?? 1;
    const state = this.state;
    state.recording = options.record ?? true;
    state.debuggerOwnsUart0 = options.debugBuild ?? false;
    const cpuCost = options.cpuCost ?? 1;
    if (cpuCost > 0) this.clock.cost = xsCpuCost(cpuCost);
    // As on the chip (xsEndHost, fxAbort, esp_restart): an uncaught exception restarts it.
    this.clock.onUncaught = (error) => this.crashed(error);
    // sdkconfig/: the task watchdog, 5 s, panics and reboots (ESP_RST_TASK_WDT).
    this.clock.watchdogMs = TASK_WATCHDOG_MS;
    this.clock.onWatchdog = () => this.reset(ESP_RST_TASK_WDT);
    this.resources = new Map([
      [`${board.id}.json`, new TextEncoder().encode(JSON.stringify(board)).buffer as ArrayBuffer],
    ]);
    // Switches start at rest (e-stop closed, start released); the host may override either.
    state.inputs.set(board.estop.pin, board.estop.activeLevel === 1 ? 0 : 1);
    state.inputs.set(board.start.pin, board.start.activeLevel === 1 ? 0 : 1);
    for (const [pin, level] of Object.entries(options.inputs ?? {})) state.inputs.set(Number(pin), level);
    if (options.physics === false) {
      if (board.battery) state.analog.set(board.battery.pin, FIXED_SUPPLY_VOLTS / board.battery.dividerRatio);
    } else {
      const world = new World(board, { seed, batteryVolts: options.batteryVolts });
      this.world = world;
      linkPhysics(state, this.clock, world, () => {
        if (world.supplyVolts < BROWNOUT_VOLTS && this.brownoutAtMs === NOT_SEEN) this.brownoutAtMs = this.clock.simMs;
      });
      state.analogSource = (pin) => world.pinVolts(pin);
    }
    // The link's faults draw from their own stream, so turning them on leaves the regolith as it was.
    this.uart = attachUart(state, this.clock, board.link.baud, new SeededRandom(seed ^ 0x6c696e6b));
    this.uart.reset(romBanner(ESP_RST_POWERON));
    this.clock.addDevice(this);
    this.recorder = {
      modeChanged: (mode: Mode, nowMs: number) => this.events.push({ t: nowMs, type: "mode", value: mode }),
      phaseEntered: (phase: number, nowMs: number) => this.events.push({ t: nowMs, type: "phase", value: phase }),
      stepDone: (index: number, nowMs: number) => this.events.push({ t: nowMs, type: "step", value: index }),
      fault: (code: number, nowMs: number) => this.events.push({ t: nowMs, type: "fault", value: code }),
      marker: (id: number, nowMs: number) => this.events.push({ t: nowMs, type: "marker", value: id }),
      armedChanged: (armed: boolean, nowMs: number) =>
        this.events.push({ t: nowMs, type: "armed", value: armed ? 1 : 0 }),
      missionLoaded: (_name: string, length: number) =>
        this.events.push({ t: this.clock.ticks, type: "mission", value: length }),
    };
    if (options.firmware !== false) this.bootFirmware(ESP_RST_POWERON);
  }

  /** The chip resets now (ESP-IDF cause); the firmware starts again BOOT_MS later. */
  reset(cause: number): void {
    if (this.bootAtMs >= 0) return;
    this.events.push({ t: this.clock.ticks, type: "reset", value: cause });
    if (this.state.recording) this.state.pwm.push(this.clock.ticks, CHIP_RESET_PIN, cause);
    this.state.releaseAll();
    this.clock.restartFirmware();
    this.lander = undefined;
    this.link = undefined;
    this.uart.reset(romBanner(cause));
    this.bootCause = cause;
    this.bootAtMs = this.clock.simMs + BOOT_MS;
  }

  /** Brings the world up to the present (its PWM period): before reading it, and at the end of every request. */
  syncWorld(): void {
    this.state.sync?.();
  }

  nextDueMs(): number {
    let due = this.brownoutAtMs;
    if (this.bootAtMs >= 0 && this.bootAtMs < due) due = this.bootAtMs;
    const world = this.world;
    if (world) {
      const idle = world.timeMs + WORLD_IDLE_MS;
      if (idle < due) due = idle;
    }
    return due;
  }

  run(simMs: number): void {
    if (this.bootAtMs >= 0 && simMs >= this.bootAtMs) {
      this.bootAtMs = -1;
      this.bootFirmware(this.bootCause);
    }
    if (this.world && simMs >= this.world.timeMs + WORLD_IDLE_MS) this.syncWorld();
    // The regulator drops out under a sagging battery: the brownout detector resets the chip,
    // at once, or as soon as the firmware's callback that saw it is over.
    if (simMs >= this.brownoutAtMs) {
      this.brownoutAtMs = Infinity;
      this.reset(ESP_RST_BROWNOUT);
    }
  }

  status(previous: SimStatus | undefined): SimStatus {
    const lander = this.lander;
    if (!lander) {
      const base = previous ?? this.emptyStatus();
      return { ...base, nowMs: this.clock.ticks, booting: true, ...this.chipStatus() };
    }
    const s = lander.observeStatus();
    return {
      ...copyTelemetry(s),
      nowMs: this.clock.ticks,
      servoAmps: s.servoAmps,
      linkDrops: this.link ? Array.from(this.link.decoder.drops) : [],
      linkFaulted: this.uart.faulted,
      ticks: s.ticks,
      booting: false,
      resetReason: lander.resetReason,
      checkpoint: lander.checkpoint.held ? lander.checkpoint.stepsDone : -1,
      ...this.chipStatus(),
    };
  }

  private chipStatus(): Pick<SimStatus, "crash" | "rxHighWater" | "rxOverflowed" | "bridgeLost" | "longestCallMs"> {
    return {
      ...(this.crash !== undefined ? { crash: this.crash } : {}),
      rxHighWater: this.uart.rxHighWater,
      rxOverflowed: this.uart.overflowed,
      bridgeLost: this.uart.bridgeLost,
      longestCallMs: this.clock.longestCallMs,
    };
  }

  private crashed(error: unknown): void {
    this.crash = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.events.push({ t: this.clock.ticks, type: "crash", value: ESP_RST_SW });
    this.reset(ESP_RST_SW);
  }

  /** The chip starts: firmware/main.ts runs on this board, exactly as Moddable runs it on an ESP32. */
  private bootFirmware(cause: number): void {
    const board = this.board;
    const pins: Record<string, number> = { estop: board.estop.pin, start: board.start.pin };
    const device = createVirtualDevice(this.state, this.clock, pins, {
      chip: board.moddable.chip,
      ledcChannelMap: this.options.ledcChannelMap,
    });
    bindChip({
      device,
      clock: this.clock,
      flash: this.flash,
      resources: this.resources,
      config: { board: board.id },
      resetCode: cause,
    });
    this.events.push({ t: this.clock.ticks, type: "boot", value: cause });
    try {
      const { lander, link } = main(this.recorder);
      this.lander = lander;
      this.link = link;
    } catch (error) {
      this.crashed(error);
    }
  }

  private emptyStatus(): SimStatus {
    return {
      ...copyTelemetry(new LanderStatus()),
      joints: [],
      servoAmps: 0,
      linkDrops: [],
      linkFaulted: 0,
      ticks: 0,
      booting: true,
      resetReason: 0,
      checkpoint: -1,
      rxHighWater: 0,
      rxOverflowed: 0,
      bridgeLost: 0,
      longestCallMs: 0,
    };
  }
}
