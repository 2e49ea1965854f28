// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- mcconfig's tsc sees only the SDK's typings and what main.ts references
/// <reference path="./typings/reset-reason.d.ts" />
// Moddable entry point, and the simulator's too: the one module that imports platform modules.
// It picks the board chosen at build time (`mcconfig ... board=<id>`, or the target's default
// from manifest.json), wires the ECMA-419 IO, timer, time and preference modules into the
// lander, and starts it. The reference above is how mcconfig's type-check sees the typings of
// the SDK's resetReason module, which ships none: mcconfig compiles with the SDK's typings only.
import device from "embedded:provider/builtin";
import Timer from "timer";
import Time from "time";
import Preference from "preference";
import Resource from "Resource";
import getResetReason from "resetReason";
import config from "mc/config";
import type { BoardConfig } from "./board/config";
import { Lander } from "./lander/lander";
import { Link } from "./link/link";
import { MODE_NAMES, type LanderObserver, type Mode } from "./lander/status";
import { PHASE_NAMES } from "./sequence/phases";
import { FAULT_NAMES } from "./safety/faults";
import type { Host } from "./platform/host";
import { resetReasonFromEsp } from "./platform/reset-reason";

/** trace() goes to xsbug in a debug build and nowhere in a release one: the link owns UART0. */
const traceObserver: LanderObserver = Object.freeze({
  modeChanged: (mode: Mode) => trace(`mode ${MODE_NAMES[mode]}\n`),
  phaseEntered: (phase: number) => trace(`phase ${PHASE_NAMES[phase]}\n`),
  stepDone: () => undefined,
  fault: (code: number) => trace(`fault ${FAULT_NAMES[code]}\n`),
  marker: (id: number) => trace(`marker ${id}\n`),
  armedChanged: (armed: boolean) => trace(armed ? "armed\n" : "disarmed\n"),
  missionLoaded: (name: string, length: number) => trace(`mission ${name}, ${length} bytes\n`),
});

/**
 * Moddable calls the main module's default export, with no arguments, once the preloads are
 * ready (xs/platforms/mc/xsHosts.c, setStepDone). The simulator calls it at every boot of its
 * virtual chip with its own observer, and reads the lander's state from what it returns.
 */
export default function main(observer: LanderObserver = traceObserver): { lander: Lander; link: Link | undefined } {
  const boardId = typeof config.board === "string" ? config.board : "esp32-devkitc";
  const board = JSON.parse(String.fromArrayBuffer(new Resource(`${boardId}.json`).slice(0))) as BoardConfig;
  const host: Host = {
    device,
    timer: Timer,
    time: Time,
    store: Preference,
    resetReason: resetReasonFromEsp(getResetReason().reason),
  };
  const link = openLink(board, observer);
  const lander = new Lander(host, board, link ?? observer);
  link?.attach(lander);
  lander.boot();
  return { lander, link };
}

/**
 * The host link on the board's UART. In a debug build (mcconfig -d) xsbug's debugger already
 * holds UART0 and opening it throws: the lander then runs without a link, safe and disarmed,
 * its start button still working, so its sequence can be stepped through in xsbug.
 */
function openLink(board: BoardConfig, observer: LanderObserver): Link | undefined {
  try {
    return new Link(device, board, observer);
  } catch (error) {
    trace(`no host link: UART${board.link.port} is taken (${String(error)}); a debug build's xsbug owns it\n`);
    return undefined;
  }
}
