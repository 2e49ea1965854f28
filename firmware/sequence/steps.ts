import type { JointName } from "../board/config";
import type { Easing } from "../servo/easing";
import type { Phase } from "./phases";

/** One thing the lander does; a sequence is a list of these, each tagged with its phase. */
export type Step =
  | {
      readonly kind: "pose";
      readonly phase: Phase;
      readonly pose: string;
      readonly ms: number;
      readonly easing: Easing;
      /** Degrees per second the fastest-travelling joint may move; 0 leaves it to `ms` and the limits. */
      readonly speed?: number;
    }
  | {
      readonly kind: "joint";
      readonly phase: Phase;
      readonly joint: JointName;
      readonly angle: number;
      readonly ms: number;
      readonly easing: Easing;
      readonly speed?: number;
    }
  | { readonly kind: "spin"; readonly phase: Phase; readonly rpm: number }
  | { readonly kind: "feed"; readonly phase: Phase; readonly depthMm: number; readonly rateMmS: number }
  | { readonly kind: "retract"; readonly phase: Phase }
  | { readonly kind: "wait"; readonly phase: Phase; readonly ms: number }
  | { readonly kind: "lid"; readonly phase: Phase; readonly open: boolean }
  | { readonly kind: "flag"; readonly phase: Phase; readonly raised: boolean }
  | { readonly kind: "ascender"; readonly phase: Phase; readonly on: boolean }
  | { readonly kind: "selftest"; readonly phase: Phase }
  /** Waits until this long after the mission started: an absolute time in the script. */
  | { readonly kind: "until"; readonly phase: Phase; readonly ms: number }
  /** Reported as an event when reached; `id` numbers the mission's markers. */
  | { readonly kind: "marker"; readonly phase: Phase; readonly id: number }
  /** A point Continue may resume from after a reset, instead of the phase's start. */
  | { readonly kind: "checkpoint"; readonly phase: Phase; readonly id: number };

export type StepKind = Step["kind"];

/** What a mission does when a step in a phase fails (a stall, a refused step): never for e-stop or a lost host. */
export const enum FaultPolicy {
  /** Make safe and stop: the default. */
  Abort = 0,
  /** Make safe, then run the phase again from its start, once. */
  Retry = 1,
  /** Make safe, then go on with the next phase. */
  Skip = 2,
}

export const FAULT_POLICY_NAMES: readonly string[] = Object.freeze(["abort", "retry", "skip"]);
