// The simulator's physical model on its own, in Node: the numbers the firmware's stall and jam
// detection depend on, and the sample bookkeeping the HIL suite reads back.
import { describe, expect, it } from "vitest";
import { JOINT_NAMES, type BoardConfig, type JointName } from "../../firmware/board/config";
import { pulseForAngle } from "../../firmware/servo/calibration";
import { loadBoard } from "../../host-tools/src/boards/load";
import { SURFACE_MM } from "../../host-tools/src/sim/xs/model/drill-model";
import { World, type OutputLevels } from "../../host-tools/src/sim/xs/model/world";

const board = loadBoard("esp32-devkitc");

/** Outputs held by the test: pulse widths by pin. */
class Outputs implements OutputLevels {
  readonly pulses = new Map<number, number>();
  readonly levels = new Map<number, 0 | 1>();
  /** Set by `versioned()`: a new number at each change, as the board's AppliedOutputs gives. */
  version: number | undefined;
  versioned(): this {
    this.version = 0;
    const bump = (): void => {
      if (this.version !== undefined) this.version++;
    };
    for (const map of [this.pulses, this.levels] as Map<number, number>[]) {
      const set = map.set.bind(map);
      const remove = map.delete.bind(map);
      map.set = (key, value) => (bump(), set(key, value));
      map.delete = (key) => (bump(), remove(key));
    }
    return this;
  }
  pulseUs(pin: number): number {
    return this.pulses.get(pin) ?? 0;
  }
  level(pin: number): 0 | 1 {
    return this.levels.get(pin) ?? 0;
  }
  joint(name: JointName, angle: number): void {
    this.pulses.set(board.joints[name].pin, pulseForAngle(board.joints[name], angle));
  }
  pose(name: string): void {
    for (const joint of JOINT_NAMES) this.joint(joint, board.poses[name]![joint]);
  }
  lid(open: boolean): void {
    this.pulses.set(board.lid.pin, pulseForAngle(board.lid, open ? board.lid.open : board.lid.closed));
  }
  spin(rpm: number): void {
    const { stopUs, fullUs, maxRpm } = board.drill.spin;
    this.pulses.set(board.drill.spin.pin, stopUs + ((fullUs - stopUs) * rpm) / maxRpm);
  }
  feed(mm: number): void {
    const { pin, minUs, maxUs, inverted, travelMm } = board.drill.feed;
    this.pulses.set(pin, pulseForAngle({ pin, minUs, maxUs, inverted, minAngle: 0, maxAngle: travelMm, home: 0 }, mm));
  }
}

function setup(seed = 1, config: BoardConfig = board, versioned = false) {
  const world = new World(config, { seed });
  const out = versioned ? new Outputs().versioned() : new Outputs();
  out.pose("stow");
  out.lid(false);
  out.pulses.set(config.flag.pin, pulseForAngle(config.flag, config.flag.closed));
  out.spin(0);
  out.feed(0);
  let now = 0;
  const run = (ms: number, each?: () => void) => {
    for (let t = 0; t < ms; t += 20) {
      each?.();
      now += 20;
      world.advanceTo(now, out);
    }
  };
  world.advanceTo(0, out);
  return { world, out, run };
}

/** Feeds down at `rate` mm/s as the firmware's profile does, a tick at a time, from `fromMm`. */
function feedAt(t: ReturnType<typeof setup>, fromMm: number, toMm: number, rate: number): number[] {
  const amps: number[] = [];
  let commanded = fromMm;
  t.run(((toMm - fromMm) / rate) * 1000, () => {
    commanded = Math.min(toMm, commanded + rate * 0.02);
    t.out.feed(commanded);
    amps.push(t.world.snapshot().drill.amps);
  });
  return amps;
}

describe("the simulator's physical model", () => {
  it("lays the same regolith for the same seed, other layers for another, rock within the default core's reach", () => {
    expect(new World(board, { seed: 5 }).layers).toEqual(new World(board, { seed: 5 }).layers);
    expect(new World(board, { seed: 5 }).layers).not.toEqual(new World(board, { seed: 6 }).layers);
    const coreTip = Math.round(board.drill.feed.travelMm * 0.8) - SURFACE_MM;
    for (let seed = 1; seed <= 50; seed++) {
      const rock = new World(board, { seed }).layers.find((layer) => layer.name === "rock")!;
      expect(rock.bottomMm).toBeLessThan(coreTip);
    }
  });

  it("slews a servo at a finite speed and ignores a change inside its dead band", () => {
    const t = setup();
    t.out.joint("shoulder", 120);
    t.run(100);
    const moving = t.world.snapshot().servos.shoulder.angle;
    expect(moving).toBeGreaterThan(board.poses.stow!.shoulder);
    expect(moving).toBeLessThan(120);
    t.run(1000);
    expect(t.world.snapshot().servos.shoulder.angle).toBeCloseTo(120, 5);
    t.out.joint("shoulder", 120.1);
    t.run(200);
    expect(t.world.snapshot().servos.shoulder.angle).toBeCloseTo(120, 5);
  });

  it("leaves a servo with no pulses where it is", () => {
    const t = setup();
    t.out.pulses.delete(board.joints.elbow.pin);
    t.run(500);
    expect(t.world.snapshot().servos.elbow.angle).toBe(board.joints.elbow.home);
    expect(t.world.snapshot().servos.elbow.amps).toBeLessThan(0.05);
  });

  it("draws a jammed servo's stall current only while its target is out of reach", () => {
    const t = setup();
    const rail = () => t.world.snapshot().servoRailAmps;
    t.out.pose("ready");
    let peak = 0;
    t.run(300, () => (peak = Math.max(peak, rail())));
    expect(peak).toBeGreaterThan(0.5);
    expect(peak).toBeLessThan(board.servoSense!.jamAmps);
    t.run(3000);
    t.world.jam("shoulder");
    t.run(200);
    expect(rail()).toBeLessThan(board.servoSense!.jamAmps);
    t.out.pose("container");
    t.run(200);
    expect(rail()).toBeGreaterThan(board.servoSense!.jamAmps);
    const sense = board.servoSense!;
    expect(t.world.pinVolts(sense.pin)).toBeGreaterThan(sense.jamAmps / sense.ampsPerVolt);
  });

  it("stalls a 2 mm/s feed in rock within two seconds, and lets 1 mm/s through under the stall current", () => {
    const t = setup(3);
    const rock = t.world.layers.find((layer) => layer.name === "rock")!;
    const rockFeed = rock.topMm + SURFACE_MM;
    t.out.spin(300);
    t.run(1000);
    const loose = feedAt(t, 0, rockFeed - 1, 2);
    expect(Math.max(...loose)).toBeLessThan(0.9);
    const fast = feedAt(t, rockFeed - 1, rockFeed + 3, 2);
    const over = fast.findIndex((amps) => amps > board.drill.load!.stallAmps);
    expect(over).toBeGreaterThan(0);
    expect(over * 20).toBeLessThan(2500);
    const slow = setup(3);
    slow.out.spin(300);
    slow.run(1000);
    feedAt(slow, 0, rockFeed - 1, 2);
    const through = feedAt(slow, rockFeed - 1, rock.bottomMm + SURFACE_MM + 1, 1);
    expect(Math.max(...through)).toBeLessThan(board.drill.load!.stallAmps);
    slow.run(3000);
    expect(slow.world.snapshot().drill.tipDepthMm).toBeGreaterThan(rock.bottomMm);
  });

  it("draws the stall current from a seized bit while the motor is driven, and sags the battery", () => {
    const t = setup();
    t.out.spin(300);
    t.run(1000);
    const before = t.world.supplyVolts;
    t.world.seizeDrill();
    t.run(100);
    expect(t.world.snapshot().drill.amps).toBe(2.5);
    expect(t.world.supplyVolts).toBeLessThan(before - 0.5);
    t.out.spin(0);
    t.run(100);
    expect(t.world.snapshot().drill.amps).toBeLessThan(0.1);
  });

  it("carries a scoop from a site into an open container, and spills it on a closed lid", () => {
    for (const open of [true, false]) {
      const t = setup();
      t.out.lid(open);
      t.out.pose("site1");
      t.run(3000);
      t.out.joint("scoop", 70);
      t.run(1000);
      expect(t.world.snapshot().samples.heldG).toBeGreaterThan(7);
      t.out.pose("container");
      t.run(3000);
      t.out.joint("scoop", 150);
      t.run(1000);
      const samples = t.world.snapshot().samples;
      expect(samples.scoops).toBe(1);
      expect(samples.heldG).toBe(0);
      expect(open ? samples.containerG : samples.spilledG).toBeGreaterThan(7);
      expect(open ? samples.spilledG : samples.containerG).toBe(0);
    }
  });

  it("collects a core while drilling, which the arm takes at the drill pose once the bit is up", () => {
    const t = setup();
    t.out.spin(300);
    t.run(1000);
    feedAt(t, 0, 20, 2);
    const core = t.world.snapshot().samples;
    expect(core.coreMm).toBeCloseTo(15, 0);
    expect(core.coreInDrillG).toBeGreaterThan(10);
    t.out.pose("drill");
    t.run(3000);
    expect(t.world.snapshot().samples.heldG).toBe(0);
    t.out.feed(0);
    t.run(3000);
    expect(t.world.snapshot().samples.heldG).toBeCloseTo(core.coreInDrillG, 5);
  });

  it("passes over a world at rest without changing what happens: the same mission, step for step", () => {
    // A versioned board lets the world skip steps while nothing moves; it must end where a world that checks every servo every step ends.
    const worlds = [setup(2), setup(2, board, true)];
    const script = (t: ReturnType<typeof setup>): number[][] => {
      const seen: number[][] = [];
      const look = (): void => {
        const s = t.world.snapshot();
        seen.push([
          ...Object.values(s.servos).map((servo) => servo.angle + servo.amps),
          s.drill.rpm,
          s.drill.amps,
          s.supplyVolts,
          s.samples.heldG,
        ]);
      };
      t.run(500, look);
      t.out.spin(300);
      t.run(3000, look);
      feedAt(t, 0, 12, 2);
      t.out.pose("site1");
      t.run(3000, look);
      t.world.jam("elbow");
      t.out.pose("ready");
      t.run(500, look);
      t.world.release("elbow");
      t.run(2000, look);
      t.out.spin(0);
      t.out.feed(0);
      t.run(4000, look);
      return seen;
    };
    const [plain, versioned] = worlds.map(script);
    expect(versioned).toEqual(plain);
  });

  it("holds the feed's jam to the drill's seizure at every step, at rest too", () => {
    const t = setup();
    t.run(1000);
    t.world.jam("feed");
    t.run(40);
    expect(t.world.snapshot().servos.feed.jammed).toBe(false);
    t.world.seizeDrill();
    t.run(40);
    expect(t.world.snapshot().servos.feed.jammed).toBe(true);
  });
});
