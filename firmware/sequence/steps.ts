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
    }
  | {
      readonly kind: "joint";
      readonly phase: Phase;
      readonly joint: JointName;
      readonly angle: number;
      readonly ms: number;
      readonly easing: Easing;
    }
  | { readonly kind: "spin"; readonly phase: Phase; readonly rpm: number }
  | { readonly kind: "feed"; readonly phase: Phase; readonly depthMm: number; readonly rateMmS: number }
  | { readonly kind: "retract"; readonly phase: Phase }
  | { readonly kind: "wait"; readonly phase: Phase; readonly ms: number }
  | { readonly kind: "lid"; readonly phase: Phase; readonly open: boolean }
  | { readonly kind: "flag"; readonly phase: Phase; readonly raised: boolean }
  | { readonly kind: "ascender"; readonly phase: Phase; readonly on: boolean }
  | { readonly kind: "selftest"; readonly phase: Phase };

export type StepKind = Step["kind"];
