// Runs inside xsnap-worker for the cost model's tests: a virtual clock charging by XS's own meter
// (cpu-cost.ts), and one firmware callback that makes `calls` calls of one kind. Answers with
// the lander ms the callback was charged, as JSON.
import { xsCpuCost } from "../../../host-tools/src/sim/xs/cpu-cost";
import { bindChip, type VirtualChip } from "../../../host-tools/src/sim/xs/platform/chip";
import Preference from "../../../host-tools/src/sim/xs/platform/preference";
import Time from "../../../host-tools/src/sim/xs/platform/time";
import Timer from "../../../host-tools/src/sim/xs/platform/timer";
import { VirtualFlash } from "../../../host-tools/src/sim/xs/virtual-flash";
import { VirtualClock } from "../../../host-tools/src/sim/xs/virtual-clock";

export type Kind =
  "empty" | "work" | "stand-in" | "time" | "getter" | "preference" | "host-function" | "timer" | "host-clear";

/** What Preference.get and Timer.clear are to the firmware on the chip: host functions. */
const hostModule = {
  get(domain: string, key: string): number | undefined {
    return domain === key ? 0 : undefined;
  },
  clear(timer: unknown): void {
    void timer;
  },
};

/** What Time.ticks is to the firmware on the chip: a property with a getter and nothing before it. */
const hostGetter = {
  get ticks(): number {
    return 0;
  },
};

let sink = 0;

function charged(kind: Kind, calls: number): number {
  const clock = new VirtualClock();
  clock.cost = xsCpuCost(1);
  // Only the clock and the flash: Time.ticks and Preference need nothing else of the chip.
  bindChip({ clock, flash: new VirtualFlash(clock) } as unknown as VirtualChip);
  // A call to C on the chip, shaped as the IO stand-ins are (virtual-pwm.ts: a method closing over
  // the clock): its work (here, the same as `work`'s) is native, not the firmware's.
  const kinds: Record<Kind, (value: number) => number> = {
    "stand-in"(value: number): number {
      clock.enterNative();
      sink = (sink + value * 3) % 1000;
      clock.leaveNative(0);
      return value;
    },
    work(value: number): number {
      sink = (sink + value * 3) % 1000;
      return value;
    },
    empty(value: number): number {
      return value;
    },
    time(value: number): number {
      return Time.ticks + value;
    },
    getter(value: number): number {
      return hostGetter.ticks + value;
    },
    preference(value: number): number {
      return Preference.get("cost", "missing") === undefined ? value : 0;
    },
    timer(value: number): number {
      Timer.clear(hostModule);
      return value;
    },
    "host-clear"(value: number): number {
      hostModule.clear(hostModule);
      return value;
    },
    "host-function"(value: number): number {
      return hostModule.get("cost", "missing") === undefined ? value : 0;
    },
  };
  const timer = clock.repeat(() => {
    for (let i = 0; i < calls; i++) kinds[kind](i);
  }, 20);
  clock.advance(20);
  clock.clear(timer);
  return clock.longestCallMs;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

(globalThis as { handleCommand?: (request: ArrayBuffer) => ArrayBuffer }).handleCommand = (request) => {
  const { kind, calls } = JSON.parse(decoder.decode(request)) as { kind: Kind; calls: number };
  return encoder.encode(JSON.stringify({ chargedMs: charged(kind, calls) })).buffer as ArrayBuffer;
};
