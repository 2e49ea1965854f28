// The firmware's three ADC readers on the chip's real scale, and when Moddable's Analog.read()
// fails and returns undefined (sdk:modules/io/analog/esp32/_analog.c:403-406).
import { describe, expect, it } from "vitest";
import { DrillState } from "../../firmware/drill/drill";
import { Fault } from "../../firmware/safety/faults";
import { nodeLander, type NodeLander } from "../support/node-lander";

function runFor(n: NodeLander, ms: number): void {
  for (let t = 0; t < ms; t += 20) n.clock.advance(20);
}

function drilling(): NodeLander {
  const n = nodeLander();
  expect(n.lander.armMotion()).toBe(true);
  expect(n.lander.start()).toBe(true);
  for (let t = 0; t < 60_000 && n.lander.drill.depthMm <= 20; t += 20) n.clock.advance(20);
  expect(n.lander.drill.depthMm).toBeGreaterThan(20);
  return n;
}

describe("ADC readers", () => {
  it("read volts on the 2.45 V full scale: the battery, the drill load and the servo rail", () => {
    const n = nodeLander();
    const { battery, drill, servoSense } = n.board;
    n.state.analog.set(battery!.pin, 7.2 / battery!.dividerRatio);
    n.state.analog.set(drill.load!.pin, 0.9 / drill.load!.ampsPerVolt);
    n.state.analog.set(servoSense!.pin, 1.5 / servoSense!.ampsPerVolt);
    n.clock.advance(40);
    // Within a count or two of the chip's rounding; on a 3.3 V scale these would read 35% high.
    expect(n.lander.status.batteryVolts).toBeCloseTo(7.2, 2);
    expect(n.lander.status.loadAmps).toBeCloseTo(0.9, 2);
    expect(n.lander.status.servoAmps).toBeCloseTo(1.5, 2);
  });

  it("reads a stopped drill's load every 200 ms, and a turning one's every tick", () => {
    const stopped = nodeLander();
    const loadPin = stopped.board.drill.load!.pin;
    let reads = 0;
    const countReads = (n: NodeLander): void => {
      n.state.analog.delete(loadPin);
      n.state.analogSource = (pin) => {
        if (pin !== loadPin) return undefined;
        reads++;
        return 0.1;
      };
    };
    countReads(stopped);
    runFor(stopped, 1000);
    expect(reads).toBe(5);
    const turning = drilling();
    countReads(turning);
    reads = 0;
    runFor(turning, 1000);
    expect(reads).toBe(50);
  });

  it("the self-test reads the drill's load as it is now, not as the last tick did", () => {
    const n = nodeLander();
    const load = n.board.drill.load!;
    n.clock.advance(40);
    n.state.analog.set(load.pin, load.stallAmps / load.ampsPerVolt);
    expect(n.lander.selfTest()).toBe(Fault.SelfTest);
  });

  it("a failed drill-load read is no sample: no stall, and the last reading stands", () => {
    const n = drilling();
    const before = n.lander.drill.loadAmps;
    n.state.analogFailures.add(n.board.drill.load!.pin);
    runFor(n, 2000);
    expect(n.lander.drill.state).not.toBe(DrillState.BackingOff);
    expect(n.lander.drill.retries).toBe(0);
    expect(n.lander.currentFault).toBe(Fault.None);
    expect(n.lander.drill.loadAmps).toBe(before);
  });

  it("a failed servo-rail read is no sample: no jam", () => {
    const n = drilling();
    n.state.analogFailures.add(n.board.servoSense!.pin);
    runFor(n, 2000);
    expect(n.lander.currentFault).toBe(Fault.None);
    expect(Number.isFinite(n.lander.status.servoAmps)).toBe(true);
  });

  it("fails the self-test on a low battery, and on a battery it cannot read", () => {
    const low = nodeLander();
    const battery = low.board.battery!;
    low.state.analog.set(battery.pin, (battery.minVolts - 0.2) / battery.dividerRatio);
    expect(low.lander.selfTest()).toBe(Fault.SelfTest);
    low.state.analog.set(battery.pin, (battery.minVolts + 0.2) / battery.dividerRatio);
    expect(low.lander.selfTest()).toBe(Fault.None);
    low.state.analogFailures.add(battery.pin);
    expect(low.lander.selfTest()).toBe(Fault.SelfTest);
  });
});
