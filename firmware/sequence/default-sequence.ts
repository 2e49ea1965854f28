import type { BoardConfig } from "../board/config";
import { Easing } from "../servo/easing";
import { Phase } from "./phases";
import type { Step } from "./steps";

/** Scoop angles relative to the pose: tipped in to dig, level to carry, tipped out to dump. */
const SCOOP_DIG = 70;
const SCOOP_DUMP = 150;

/**
 * The Chang'e-6 sampling sequence scaled to a demo of about two minutes: drill coring first,
 * the core packed into the container, surface scoops at every sample site the board defines,
 * then seal, transfer to the ascender, flag and liftoff.
 */
export function defaultSequence(board: BoardConfig): Step[] {
  const depthMm = Math.round(board.drill.feed.travelMm * 0.8);
  const steps: Step[] = [];
  const add = (step: Step): void => {
    steps.push(step);
  };
  const pose = (phase: Phase, name: string, ms = 0): void =>
    add({ kind: "pose", phase, pose: name, ms, easing: Easing.Trapezoid });
  const scoop = (phase: Phase, angle: number): void =>
    add({ kind: "joint", phase, joint: "scoop", angle, ms: 600, easing: Easing.Sine });

  add({ kind: "selftest", phase: Phase.SelfTest });
  pose(Phase.SelfTest, "ready");
  pose(Phase.SelfTest, "stow");

  // Drilling: the arm stays clear while the drill spins up and cores to depth.
  add({ kind: "spin", phase: Phase.Drilling, rpm: board.drill.minFeedRpm * 1.5 });
  add({ kind: "wait", phase: Phase.Drilling, ms: 1000 });
  add({ kind: "feed", phase: Phase.Drilling, depthMm, rateMmS: 2 });
  add({ kind: "wait", phase: Phase.Drilling, ms: 2000 });
  add({ kind: "retract", phase: Phase.Drilling });
  add({ kind: "spin", phase: Phase.Drilling, rpm: 0 });

  // Core transfer: the arm takes the coring bag from the drill head to the container.
  add({ kind: "lid", phase: Phase.CoreTransfer, open: true });
  pose(Phase.CoreTransfer, "drill");
  add({ kind: "wait", phase: Phase.CoreTransfer, ms: 1000 });
  pose(Phase.CoreTransfer, "container");
  scoop(Phase.CoreTransfer, SCOOP_DUMP);
  pose(Phase.CoreTransfer, "container");

  // Surface sampling at every site the board's poses name site1, site2, …
  for (let site = 1; Object.prototype.hasOwnProperty.call(board.poses, `site${site}`); site++) {
    pose(Phase.Scooping, `site${site}`);
    scoop(Phase.Scooping, SCOOP_DIG);
    pose(Phase.Scooping, "ready");
    pose(Phase.Scooping, "container");
    scoop(Phase.Scooping, SCOOP_DUMP);
    pose(Phase.Scooping, "container");
  }

  pose(Phase.Sealing, "stow");
  add({ kind: "lid", phase: Phase.Sealing, open: false });
  add({ kind: "wait", phase: Phase.Sealing, ms: 1000 });

  pose(Phase.Transfer, "container");
  pose(Phase.Transfer, "ascender", 3000);
  pose(Phase.Transfer, "stow");

  add({ kind: "flag", phase: Phase.Flag, raised: true });
  add({ kind: "wait", phase: Phase.Flag, ms: 1000 });

  add({ kind: "ascender", phase: Phase.Liftoff, on: true });
  add({ kind: "wait", phase: Phase.Liftoff, ms: 5000 });
  add({ kind: "ascender", phase: Phase.Liftoff, on: false });
  return steps;
}
