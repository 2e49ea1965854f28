// A fault as the user reads it: what went wrong, on which servo where the host can tell, and
// what to do next. The wire carries only the fault's number, so the servo comes from what the
// host knows: a simulator's world says which one is jammed; otherwise the mission step that was
// running names the servos it was moving.
import { JOINT_NAMES, type BoardConfig } from "../../firmware/board/config";
import { Fault, FAULT_NAMES } from "../../firmware/safety/faults";
import type { Step } from "../../firmware/sequence/steps";

/** A joint further than this from its target was still moving when the fault came, degrees. */
const STILL_MOVING_DEGREES = 1;

/**
 * The servos a step was moving: its joint, the pose's joints not yet where the pose puts them
 * (`joints` from the lander's last telemetry), the lid, the flag or the drill's feed.
 */
export function servosOfStep(step: Step | undefined, joints: readonly number[], board: BoardConfig): string[] {
  switch (step?.kind) {
    case "joint":
      return [step.joint];
    case "pose": {
      const target = board.poses[step.pose];
      if (!target) return [];
      return JOINT_NAMES.filter(
        (name, i) => Math.abs((joints[i] ?? target[name]) - target[name]) > STILL_MOVING_DEGREES,
      );
    }
    case "lid":
    case "flag":
      return [step.kind];
    case "feed":
    case "retract":
      return ["feed"];
    default:
      return [];
  }
}

export interface FaultContext {
  /** Servos the fault is on, or that were moving when it came. */
  readonly servos?: readonly string[];
  /** Why the lander reset, for an interrupted mission. */
  readonly reset?: string;
  /** The command that goes on from here: `farside run --continue`, or the replay again. */
  readonly next: string;
}

const or = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""}`;

/** What the fault was, in words: "servo jam (elbow)". */
export function faultWhat(fault: number, context: Omit<FaultContext, "next"> = {}): string {
  const servos = context.servos ?? [];
  switch (fault) {
    case Fault.ServoJam:
      return `servo jam${servos.length > 0 ? ` (${or(servos)})` : ""}`;
    case Fault.DrillStall:
      return "drill stall";
    case Fault.EStop:
      return "e-stop";
    case Fault.LostHost:
      return "lost host";
    case Fault.SelfTest:
      return "self-test failed";
    case Fault.StepRefused:
      return "step refused";
    case Fault.TickOverrun:
      return "control tick overrun";
    case Fault.Interrupted:
      return `interrupted (the lander reset${context.reset ? `: ${context.reset}` : ""})`;
    default:
      return FAULT_NAMES[fault] ?? `fault ${fault}`;
  }
}

/** What to do about it before going on. */
function remedy(fault: number, context: FaultContext): string {
  const one = (context.servos?.length ?? 0) === 1;
  switch (fault) {
    case Fault.ServoJam:
      return `check ${one ? "its" : "the servos'"} wiring and load`;
    case Fault.DrillStall:
      return "the drill stopped in the rock: check the bit, or feed down slower";
    case Fault.EStop:
      return "make sure the arm's way is clear";
    case Fault.LostHost:
      return "the lander heard nothing from this host: check the cable";
    case Fault.SelfTest:
      return "check the servos' and the drill's power and wiring";
    case Fault.StepRefused:
      return "the lander would not take a step: check the mission (farside validate)";
    case Fault.TickOverrun:
      return "the firmware fell behind its control tick: flash a release build";
    case Fault.Interrupted:
      return context.reset === "brownout" ? "check the battery and the supply" : "the lander kept its checkpoint";
    default:
      return "see the log";
  }
}

/** `FAULT servo jam (elbow): check its wiring and load, then farside run --continue` */
export function faultLine(fault: number, context: FaultContext): string {
  return `FAULT ${faultWhat(fault, context)}: ${remedy(fault, context)}, then ${context.next}`;
}

/**
 * The step the lander was on and where its joints stood, from the telemetry before a fault:
 * what names the servos a fault was on when the wire does not say.
 */
export class StepBeforeFault {
  private index: number | undefined;
  private joints: readonly number[] = [];

  constructor(
    private readonly steps: readonly Step[] | undefined,
    private readonly board: BoardConfig | undefined,
  ) {}

  /** Telemetry from the lander; `running` says its step field is the mission step it is on. */
  see(
    t: { readonly fault: number; readonly step: number; readonly joints: readonly number[] },
    running: boolean,
  ): void {
    if (t.fault !== Fault.None) return;
    this.joints = t.joints;
    if (running) this.index = t.step;
  }

  /** The host sent this step (a replay keeps the steps itself). */
  sent(index: number): void {
    this.index = index;
  }

  servos(): string[] {
    if (this.index === undefined || !this.board) return [];
    return servosOfStep(this.steps?.[this.index], this.joints, this.board);
  }
}
