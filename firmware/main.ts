// Moddable entry point for the ESP32: the one module that imports platform modules. It picks
// the board chosen at build time (`mcconfig ... board=<id>`, or the target's default from
// manifest.json), wires the real ECMA-419 IO, timer, time and preference modules into the
// lander, and starts it.
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
import { MODE_NAMES, type Mode } from "./lander/status";
import { PHASE_NAMES } from "./sequence/phases";
import { FAULT_NAMES } from "./safety/faults";
import type { Host } from "./platform/host";

const boardId = typeof config.board === "string" ? config.board : "esp32-devkitc";
const board = JSON.parse(String.fromArrayBuffer(new Resource(`${boardId}.json`).slice(0))) as BoardConfig;

const host: Host = { device, timer: Timer, time: Time, store: Preference, resetCode: getResetReason().reason };

// trace() goes to xsbug in a debug build and nowhere in a release one: the link owns UART0.
const link = new Link(device, board, {
  modeChanged: (mode: Mode) => trace(`mode ${MODE_NAMES[mode]}\n`),
  phaseEntered: (phase: number) => trace(`phase ${PHASE_NAMES[phase]}\n`),
  stepDone: () => undefined,
  fault: (code: number) => trace(`fault ${FAULT_NAMES[code]}\n`),
  marker: (id: number) => trace(`marker ${id}\n`),
  armedChanged: (armed: boolean) => trace(armed ? "armed\n" : "disarmed\n"),
  missionLoaded: (name: string, length: number) => trace(`mission ${name}, ${length} bytes\n`),
});
const lander = new Lander(host, board, link);
link.attach(lander);
lander.boot();
