// The requests the Node side sends to the simulated board inside XS, and what comes back.
// Shared by host-tools/src/sim/xs/entry.ts (in XS) and the Node driver.
import type { BoardConfig } from "../../../firmware/board/config";
import { ESP_RESET_CODES } from "../../../firmware/platform/reset-reason";
import type { TelemetryFields } from "../../../firmware/protocol/telemetry";
import type { ServoName, WorldSnapshot } from "./xs/model/world";

// What the rest of the host may know of the physical model: its servos and the regolith's layers.
export { SERVO_NAMES, type ServoName, type WorldSnapshot } from "./xs/model/world";
export type { Layer } from "./xs/model/regolith";

export interface BootOptions {
  /** Seeds the regolith's layers, the sample masses and link faults: same seed, same run. */
  readonly seed?: number;
  /** Off: no physics model, a fixed battery reading; for measuring the firmware's own memory. */
  readonly physics?: boolean;
  /** Open-circuit battery volts (a charged 2S LiPo is 7.6; below about 5 V the chip browns out under load). */
  readonly batteryVolts?: number;
  /** Off: no trace of PWM and digital writes in the replies (a long real-time run needs none). */
  readonly record?: boolean;
  /** Input levels to boot with, by GPIO number. */
  readonly inputs?: Record<string, 0 | 1>;
  /**
   * How many times the estimated chip cost of the firmware's work (host-tools/src/sim/xs/cpu-cost.ts)
   * each callback takes in lander time: 1 by default, 3 for the HIL suite's slow-chip run, 0
   * for none.
   */
  readonly cpuCost?: number;
  /** A debug build (mcconfig -d): xsbug's debugger_uart.c owns UART0. */
  readonly debugBuild?: boolean;
  /**
   * The LEDC channels the firmware's build gives Moddable's PWM (MODDEF_PWM_LEDC_CHANNEL_MAP,
   * from manifest.json's defines); without it the SDK's default, channels 4-7.
   */
  readonly ledcChannelMap?: number;
  /**
   * Off: the virtual board alone, with no firmware ever started on it. The bench weighs the
   * simulator's own heap this way, to take it off what the firmware is charged.
   */
  readonly firmware?: boolean;
}

/**
 * ESP-IDF reset causes the simulator can produce (esp_reset_reason_t). The EN button is a
 * power-on reset on the ESP32 and the S3: ESP-IDF documents ESP_RST_EXT as not applicable.
 * The watchdog is the task watchdog the project's sdkconfig turns on (panic on timeout).
 */
export const ESP_RESET = Object.freeze({
  powerOn: ESP_RESET_CODES.powerOn,
  button: ESP_RESET_CODES.powerOn,
  software: ESP_RESET_CODES.software,
  panic: ESP_RESET_CODES.panic,
  watchdog: ESP_RESET_CODES.taskWatchdog,
  brownout: ESP_RESET_CODES.brownout,
});
export type ResetCause = keyof typeof ESP_RESET;

/**
 * In the PWM record, a triple whose pin is CHIP_RESET_PIN marks a chip reset (its value the
 * ESP-IDF cause): every pulse stops there, and the firmware's ms start again from zero after it.
 */
export const CHIP_RESET_PIN = -1;

export type SimRequest =
  | ({ readonly op: "boot"; readonly board: BoardConfig } & BootOptions)
  /**
   * Moves the clock `ms` on. With `sliceMs`, in slices of that many ms, stopping after the first
   * slice in which the firmware sent bytes: an in-process host hears them as soon as a pty
   * bridge's pump would carry them, without a round trip per pump while the line is quiet.
   */
  | {
      readonly op: "advance";
      readonly ms: number;
      readonly sliceMs?: number;
      /** Bytes the host wrote, taken in first: as an `op: "serial"` just before, in one round trip. */
      readonly serial?: readonly number[];
    }
  | { readonly op: "input"; readonly pin: number; readonly level: 0 | 1 }
  /** Volts at an analog pin, in place of the physics model's; the virtual ADC converts them. */
  | { readonly op: "analog"; readonly pin: number; readonly value: number }
  /** Bytes the host writes now; they reach the firmware a byte-time each later. */
  | { readonly op: "serial"; readonly bytes: readonly number[] }
  /**
   * Collects garbage, then advances `ms` with the PWM trace off and answers with a fixed reply,
   * so the worker's heap count afterwards is what that many ticks allocated.
   */
  | { readonly op: "probe"; readonly ms: number }
  /** Faults on demand. */
  | { readonly op: "jam"; readonly servo: ServoName; readonly on: boolean }
  | { readonly op: "seize"; readonly on: boolean }
  | { readonly op: "battery"; readonly volts: number }
  | { readonly op: "reset"; readonly cause: ResetCause }
  | { readonly op: "link"; readonly drop: number; readonly corrupt: number }
  | { readonly op: "disconnect"; readonly on: boolean }
  /** The physical world's state in the reply. */
  | { readonly op: "world" };

export interface SimEvent {
  /** Firmware ticks (ms since its boot) when it happened. */
  readonly t: number;
  /**
   * "mission": a mission arrived over the link and the lander took it, value its length in bytes. "reset": the
   * chip reset, value the ESP-IDF cause. "boot": the firmware started again, value the cause.
   * "crash": an exception escaped the firmware (SimStatus.crash says which); the chip restarts.
   */
  readonly type: "mode" | "phase" | "step" | "fault" | "mission" | "reset" | "boot" | "marker" | "armed" | "crash";
  readonly value: number;
}

/** The lander's telemetry as the simulator reads it from the firmware, and what only a simulator sees. */
export interface SimStatus extends Readonly<TelemetryFields> {
  /** The servo rail's current: on a board without its sense input, the lander cannot report it. */
  readonly servoAmps: number;
  /** Bytes the link's decoder dropped, by reason (firmware/protocol/frame-decoder.ts Drop). */
  readonly linkDrops: readonly number[];
  /** Bytes the simulator's link faults lost or damaged, both ways. */
  readonly linkFaulted: number;
  readonly ticks: number;
  /** Between a reset and the firmware starting again. */
  readonly booting: boolean;
  /** The lander's reset reason (firmware/protocol/codec.ts ResetReason). */
  readonly resetReason: number;
  /** Steps of an interrupted mission in the checkpoint, or -1. */
  readonly checkpoint: number;
  /** The exception that last escaped the firmware and restarted the chip, if any. */
  readonly crash?: string;
  /** The RX FIFO's fullest, and bytes lost to it being full, since the simulation began. */
  readonly rxHighWater: number;
  readonly rxOverflowed: number;
  /** Host bytes the USB-serial bridge lost because the host wrote faster than the line carries. */
  readonly bridgeLost: number;
  /** The longest firmware callback so far, in lander ms, under the cost model. */
  readonly longestCallMs: number;
}

export interface SimReply {
  /** Simulation ms, running on across resets. */
  readonly simMs: number;
  /** Firmware ticks. */
  readonly nowMs: number;
  /** Flat triples: firmware ms, pin, duty. */
  readonly pwm: readonly number[];
  /** Flat triples: firmware ms, pin, level. */
  readonly digital: readonly number[];
  /** Flat pairs: simulation ms when the byte finished reaching the host, byte. */
  readonly serial: readonly number[];
  readonly events: readonly SimEvent[];
  readonly status: SimStatus;
  /** Only for the "world" request. */
  readonly world?: WorldSnapshot;
}
