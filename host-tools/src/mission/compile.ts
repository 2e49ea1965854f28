// From a checked mission file to the compiled mission the lander runs, checking on the way what
// the schema cannot: the board's poses and limits, what the servos and drill can physically do,
// the phase order, and that the mission leaves the lander safe. Every problem carries its place.
import type { Document, LineCounter, Node } from "yaml";
import { JOINT_NAMES, type BoardConfig, type JointName } from "../../../firmware/board/config";
import { Plan } from "./plan";
import type { Mission } from "../../../firmware/mission/format";
import { MISSION_LIMITS } from "../../../firmware/mission/limits";
import { Easing, easingFromName } from "../../../firmware/servo/easing";
import { MotionProfile } from "../../../firmware/servo/motion";
import { PHASE_NAMES, Phase, canEnterPhase } from "../../../firmware/sequence/phases";
import { FAULT_POLICY_NAMES, FaultPolicy, type Step } from "../../../firmware/sequence/steps";
import { problemAtNode, type Problem } from "./problem";
import { unsafeEnd } from "./end-state";
import { outOfRange } from "./limits";
import { SampleWalk } from "./sample-walk";
import { parseQuantity, type Unit } from "./quantity";
import { duration, phaseLabel } from "../labels";

type Duration = string;
interface PoseMove {
  readonly name: string;
  readonly duration?: Duration;
  readonly speed?: string;
  readonly easing?: string;
}
type StepEntry = Readonly<Record<string, unknown>>;
interface PhaseEntry {
  readonly phase: string;
  readonly "on-fault"?: string;
  readonly repeat?: Readonly<Record<string, readonly string[]>>;
  readonly steps: readonly StepEntry[];
}
export interface MissionFile {
  readonly name: string;
  readonly board?: string;
  readonly phases: readonly PhaseEntry[];
}

export interface CompiledMission {
  readonly mission: Mission;
  /** The lander's time for the whole mission if nothing waits on anything, ms. */
  readonly estimateMs: number;
  /** Marker and checkpoint names by id, for logs. */
  readonly markers: readonly string[];
  /** The estimated mission time at which each step starts, ms. */
  readonly stepStartsMs: readonly number[];
  /** What the lander may well do, but the author probably did not mean (a lid never opened). */
  readonly warnings: readonly Problem[];
}

/** Whether the schema found anything wrong at `pointer` or inside it. */
function flaggedAt(flagged: readonly string[], pointer: string): boolean {
  return flagged.some((place) => place === pointer || place.startsWith(`${pointer}/`));
}

export function compileMission(
  doc: Document,
  lines: LineCounter,
  file: MissionFile,
  board: BoardConfig,
  boardHash: number,
  /** Where the schema found the file wrong (parse.ts): those places are passed over, the rest checked. */
  flagged: readonly string[] = [],
): { compiled?: CompiledMission; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!Array.isArray(file.phases as unknown)) return { problems };
  const node = (...path: (string | number)[]): Node | undefined => doc.getIn(path, true) as Node | undefined;
  const report = (at: Node | undefined, message: string, hint?: string): void => {
    problems.push(problemAtNode(lines, at, message, hint));
  };
  /** A quantity inside the range the lander's format takes (limits.ts), or undefined once reported. */
  const quantity = (value: unknown, unit: Unit, at: Node | undefined): number | undefined => {
    const parsed = parseQuantity(value, unit);
    if (typeof parsed === "string") {
      report(at, parsed);
      return undefined;
    }
    const problem = outOfRange(parsed, unit, value);
    if (problem) {
      report(at, problem.message, problem.hint);
      return undefined;
    }
    return parsed;
  };

  const steps: Step[] = [];
  const starts: number[] = [];
  const markers: string[] = [];
  const policies: FaultPolicy[] = new Array<FaultPolicy>(PHASE_NAMES.length).fill(FaultPolicy.Abort);
  const plan = new Plan(board);
  const walk = new SampleWalk(board, lines);
  const profiles = JOINT_NAMES.map(
    (name) => new MotionProfile(board.joints[name].maxSpeed, board.joints[name].maxAccel, 0),
  );
  let phase = Phase.Idle;

  /** Checks a move's duration and speed against what each moving joint can do; returns its planned ms. */
  const planMove = (
    targets: readonly (number | undefined)[],
    move: { duration?: unknown; speed?: unknown; easing?: unknown },
    at: (key: string) => Node | undefined,
  ): { ms: number; speed: number; easing: Easing } | undefined => {
    const easing = move.easing === undefined ? Easing.Trapezoid : easingFromName(String(move.easing));
    if (easing === undefined) return undefined;
    const wanted = move.duration === undefined ? 0 : quantity(move.duration, "duration", at("duration"));
    const speed = move.speed === undefined ? 0 : quantity(move.speed, "angular-speed", at("speed"));
    if (wanted === undefined || speed === undefined) return undefined;
    let needed = 0;
    let travel = 0;
    let slowest: JointName | undefined;
    for (const [i, name] of JOINT_NAMES.entries()) {
      const target = targets[i];
      const profile = profiles[i];
      if (target === undefined || !profile) continue;
      const distance = Math.abs(target - (plan.joints[i] ?? target));
      if (distance === 0) continue;
      travel = Math.max(travel, distance);
      const ms = profile.minimumDuration(distance, easing);
      if (ms > needed) [needed, slowest] = [ms, name];
      if (speed > board.joints[name].maxSpeed)
        report(
          at("speed"),
          `the ${name} cannot move at ${speed}deg/s`,
          `it reaches at most ${board.joints[name].maxSpeed}deg/s`,
        );
    }
    if (move.duration !== undefined && wanted < needed - 0.5 && slowest) {
      const joint = board.joints[slowest];
      report(
        at("duration"),
        `too fast: the ${slowest} needs ${duration(needed)} for that move at its ${joint.maxSpeed}deg/s and ${joint.maxAccel}deg/s²`,
        `use duration: ${(Math.ceil(needed / 100) / 10).toFixed(1)}s or more, or leave it out`,
      );
    }
    const bySpeed = speed > 0 ? (travel / speed) * 1000 : 0;
    const ms = Math.max(needed, wanted, bySpeed);
    targets.forEach((target, i) => {
      if (target !== undefined) plan.joints[i] = target;
    });
    plan.nowMs += ms;
    return { ms: wanted, speed, easing };
  };

  file.phases.forEach((entry, p) => {
    const sound = typeof entry === "object" && entry !== null && Array.isArray((entry as { steps?: unknown }).steps);
    if (!sound || flaggedAt(flagged, `/phases/${p}/repeat`)) {
      // Steps the schema could not make out: what they would have done is unknown.
      for (const kind of ["spin", "feed", "lid", "ascender"]) plan.settle(kind, true);
      return;
    }
    const phaseNode = node("phases", p, "phase");
    const next = PHASE_NAMES.indexOf(entry.phase) as Phase;
    // A phase the schema refused keeps the one before it: its steps are still checked.
    if (next > Phase.Idle && next !== phase && !canEnterPhase(phase, next)) {
      report(
        phaseNode,
        `${entry.phase} cannot come after ${phaseLabel(phase)}`,
        `phases run in the order ${PHASE_NAMES.slice(1, 9).join(", ")}`,
      );
    }
    if (next > Phase.Idle) phase = next;
    if (entry["on-fault"] && !flaggedAt(flagged, `/phases/${p}/on-fault`))
      policies[phase] = FAULT_POLICY_NAMES.indexOf(entry["on-fault"]) as FaultPolicy;
    const [variable, values] = Object.entries(entry.repeat ?? {})[0] ?? [undefined, [undefined]];
    for (const value of values) {
      const fill = (text: string): string =>
        variable && value !== undefined ? text.split(`{${variable}}`).join(value) : text;
      entry.steps.forEach((step, s) => {
        const at = (...keys: (string | number)[]): Node | undefined =>
          node("phases", p, "steps", s, ...keys) ?? node("phases", p, "steps", s);
        const [kind = "", raw] = typeof step === "object" && step !== null ? (Object.entries(step)[0] ?? []) : [];
        starts.push(plan.nowMs);
        const before = problems.length;
        let added: Step | undefined;
        const add = (compiled: Step): void => {
          steps.push(compiled);
          added = compiled;
        };
        if (flaggedAt(flagged, `/phases/${p}/steps/${s}`)) {
          plan.settle(kind, true);
          return;
        }
        switch (kind) {
          case "selftest":
            add({ kind: "selftest", phase });
            break;
          case "pose": {
            const move: PoseMove = typeof raw === "string" ? { name: raw } : (raw as PoseMove);
            const name = fill(move.name);
            if (name.length > MISSION_LIMITS.maxPoseNameChars) {
              report(
                at(kind, ...(typeof raw === "string" ? [] : ["name"])),
                `pose name "${name.slice(0, 40)}…" has ${name.length} characters: the lander takes at most ${MISSION_LIMITS.maxPoseNameChars}`,
                "give the pose a shorter name in the board file",
              );
              break;
            }
            const pose = Object.prototype.hasOwnProperty.call(board.poses, name) ? board.poses[name] : undefined;
            if (!pose) {
              report(
                at(kind, ...(typeof raw === "string" ? [] : ["name"])),
                `unknown pose "${name}"`,
                `${board.id} has ${Object.keys(board.poses).join(", ")}`,
              );
              break;
            }
            const planned = planMove(
              JOINT_NAMES.map((joint) => pose[joint]),
              move,
              (key) => at(kind, key),
            );
            if (planned)
              add({ kind: "pose", phase, pose: name, ms: planned.ms, easing: planned.easing, speed: planned.speed });
            break;
          }
          case "joint": {
            const move = raw as Readonly<Record<string, unknown>>;
            const named = JOINT_NAMES.filter((joint) => move[joint] !== undefined);
            if (named.length !== 1) {
              report(
                at(kind),
                named.length === 0 ? "which joint?" : `one joint per step, not ${named.join(" and ")}`,
                "use a pose to move several joints together",
              );
              break;
            }
            const joint = named[0];
            if (!joint) break;
            const angle = quantity(move[joint], "angle", at(kind, joint));
            if (angle === undefined) break;
            const limits = board.joints[joint];
            if (angle < limits.minAngle || angle > limits.maxAngle) {
              report(
                at(kind, joint),
                `${angle}deg is outside the ${joint}'s limits`,
                `${board.id}'s ${joint} moves from ${limits.minAngle}deg to ${limits.maxAngle}deg`,
              );
              break;
            }
            const targets = JOINT_NAMES.map((name) => (name === joint ? angle : undefined));
            const planned = planMove(targets, move, (key) => at(kind, key));
            if (planned)
              add({ kind: "joint", phase, joint, angle, ms: planned.ms, easing: planned.easing, speed: planned.speed });
            break;
          }
          case "spin": {
            const rpm = quantity(raw, "rpm", at(kind));
            if (rpm === undefined) break;
            if (rpm > board.drill.spin.maxRpm) {
              report(at(kind), `the drill spins at most ${board.drill.spin.maxRpm}rpm`);
              break;
            }
            plan.nowMs += (Math.abs(rpm - plan.rpm) / board.drill.spin.maxRpm) * 1000;
            plan.rpm = rpm;
            add({ kind: "spin", phase, rpm });
            break;
          }
          case "feed": {
            const feed = raw as { depth: unknown; rate: unknown };
            const depth = quantity(feed.depth, "length", at(kind, "depth"));
            const rate = quantity(feed.rate, "rate", at(kind, "rate"));
            if (depth === undefined || rate === undefined) break;
            const drill = board.drill;
            if (depth > drill.feed.travelMm) {
              report(at(kind, "depth"), `the drill reaches ${drill.feed.travelMm}mm, not ${depth}mm`);
              break;
            }
            if (rate > drill.feed.maxRateMmS) {
              report(at(kind, "rate"), `the feed moves at most ${drill.feed.maxRateMmS}mm/s`);
              break;
            }
            const spinKnown = !plan.unknown.has("rpm") && !plan.unknown.has("depth");
            if (depth > plan.depthMm && plan.rpm < drill.minFeedRpm && spinKnown) {
              report(
                at(kind),
                `the drill must spin at ${drill.minFeedRpm}rpm or more before it feeds down`,
                `add spin: ${drill.minFeedRpm * 1.5}rpm before it`,
              );
              break;
            }
            plan.nowMs += (Math.abs(depth - plan.depthMm) / rate) * 1000;
            plan.depthMm = depth;
            add({ kind: "feed", phase, depthMm: depth, rateMmS: rate });
            break;
          }
          case "hold":
          case "wait": {
            const until = typeof raw === "object" && raw !== null ? (raw as { until: unknown }).until : undefined;
            if (until !== undefined) {
              const ms = quantity(until, "duration", at(kind, "until"));
              if (ms === undefined) break;
              plan.nowMs = Math.max(plan.nowMs, ms);
              add({ kind: "until", phase, ms });
            } else {
              const ms = quantity(raw, "duration", at(kind));
              if (ms === undefined) break;
              plan.nowMs += ms;
              add({ kind: "wait", phase, ms });
            }
            break;
          }
          case "retract":
            plan.nowMs += (plan.depthMm / board.drill.feed.maxRateMmS) * 1000;
            plan.depthMm = 0;
            add({ kind: "retract", phase });
            break;
          case "lid":
          case "flag": {
            const open = raw === "open" || raw === "raised";
            plan.moveLidOrFlag(kind, open);
            add(kind === "lid" ? { kind, phase, open } : { kind, phase, raised: open });
            break;
          }
          case "ascender":
            plan.ascender = raw === "on";
            add({ kind: "ascender", phase, on: plan.ascender });
            break;
          case "marker":
          case "checkpoint":
            markers.push(fill(String(raw)));
            add({ kind, phase, id: markers.length - 1 });
            break;
        }
        plan.settle(kind, problems.length > before || added === undefined);
        if (added) walk.after(added, plan, node("phases", p, "steps", s));
      });
    }
  });

  const last = node("phases", file.phases.length - 1);
  const unsafe = unsafeEnd(plan, board);
  if (unsafe) report(last, unsafe.message, unsafe.hint);
  if (steps.length > MISSION_LIMITS.maxSteps)
    report(node("phases"), `${steps.length} steps: the lander runs at most ${MISSION_LIMITS.maxSteps}`);
  if (problems.length > 0) return { problems };
  return {
    problems,
    compiled: {
      mission: { name: file.name, boardHash, policies, steps },
      estimateMs: plan.nowMs,
      markers,
      stepStartsMs: starts,
      warnings: walk.warnings(plan, last),
    },
  };
}
