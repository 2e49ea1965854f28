// The requests the Node side sends to the simulated board inside XS, and what comes back.
// Shared by host-tools/src/sim/xs/entry.ts (in XS) and the Node driver.
import type { BoardConfig } from "../../../firmware/board/config";

export type SimRequest =
  | { readonly op: "boot"; readonly board: BoardConfig; readonly inputs?: Record<string, 0 | 1> }
  | { readonly op: "advance"; readonly ms: number }
  | { readonly op: "input"; readonly pin: number; readonly level: 0 | 1 }
  | { readonly op: "analog"; readonly pin: number; readonly value: number }
  | { readonly op: "serial"; readonly bytes: readonly number[] }
  /**
   * Collects garbage, then advances `ms` with the PWM trace off and answers with a fixed reply,
   * so the worker's heap count afterwards is what that many ticks allocated.
   */
  | { readonly op: "probe"; readonly ms: number };

export interface SimEvent {
  readonly t: number;
  /** "mission": a whole mission arrived over the link; value is its length in bytes. */
  readonly type: "mode" | "phase" | "step" | "fault" | "mission";
  readonly value: number;
}

export interface SimStatus {
  readonly mode: number;
  readonly phase: number;
  readonly step: number;
  readonly fault: number;
  readonly nowMs: number;
  readonly joints: readonly number[];
  readonly depthMm: number;
  readonly rpm: number;
  readonly loadAmps: number;
  readonly lid: number;
  readonly flag: number;
  readonly ascender: boolean;
  readonly estop: boolean;
  /** A host session is open and watched for silence. */
  readonly hostLink: boolean;
  /** Bytes the link's decoder dropped, by reason (firmware/protocol/frame-decoder.ts Drop). */
  readonly linkDrops: readonly number[];
  readonly ticks: number;
  readonly overruns: number;
  readonly clamped: number;
}

export interface SimReply {
  readonly nowMs: number;
  /** Flat triples: virtual ms, pin, duty. */
  readonly pwm: readonly number[];
  /** Flat triples: virtual ms, pin, level. */
  readonly digital: readonly number[];
  /** Flat pairs: virtual ms when the firmware wrote it, byte. */
  readonly serial: readonly number[];
  readonly events: readonly SimEvent[];
  readonly status: SimStatus;
}
