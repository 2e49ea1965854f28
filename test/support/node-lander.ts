// The lander firmware on the virtual board, in Node rather than XS: quick to poke in unit tests.
// The XS tests (test/xs/) are the ones that prove the firmware on the real engine.
import { ResetReason } from "../../firmware/protocol/codec";
import type { BoardConfig } from "../../firmware/board/config";
import { Lander } from "../../firmware/lander/lander";
import type { LanderEvents } from "../../firmware/lander/status";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import { VirtualFlash } from "../../host-tools/src/sim/xs/virtual-flash";
import { BoardState } from "../../host-tools/src/sim/xs/board-state";
import { createVirtualDevice } from "../../host-tools/src/sim/xs/virtual-device";
import { FIRMWARE_LEDC_CHANNEL_MAP } from "../../host-tools/src/boards/firmware-build";
import { loadBoard } from "../../host-tools/src/boards/load";

export interface Recorded {
  readonly type: "mode" | "phase" | "step" | "fault" | "marker" | "armed";
  readonly value: number;
  readonly t: number;
}

export interface NodeLander {
  readonly lander: Lander;
  readonly clock: VirtualClock;
  readonly state: BoardState;
  readonly board: BoardConfig;
  readonly events: Recorded[];
  readonly flash: VirtualFlash;
}

/** Volts a charged supply puts on the battery-sense pin through the board's divider. */
export function batteryPinVolts(board: BoardConfig, volts = 7.6): number {
  return volts / (board.battery?.dividerRatio ?? 1);
}

export function nodeLander(
  boardId = "esp32-devkitc",
  options: { hostTimeoutMs?: number; armIdleMs?: number } = {},
): NodeLander {
  const board = loadBoard(boardId);
  const clock = new VirtualClock();
  const state = new BoardState();
  state.inputs.set(board.estop.pin, board.estop.activeLevel === 1 ? 0 : 1);
  state.inputs.set(board.start.pin, board.start.activeLevel === 1 ? 0 : 1);
  if (board.battery) state.analog.set(board.battery.pin, batteryPinVolts(board));
  const events: Recorded[] = [];
  const listener: LanderEvents = {
    modeChanged: (value, t) => events.push({ type: "mode", value, t }),
    phaseEntered: (value, t) => events.push({ type: "phase", value, t }),
    stepDone: (value, t) => events.push({ type: "step", value, t }),
    fault: (value, t) => events.push({ type: "fault", value, t }),
    marker: (value, t) => events.push({ type: "marker", value, t }),
    armedChanged: (armed, t) => events.push({ type: "armed", value: armed ? 1 : 0, t }),
  };
  const flash = new VirtualFlash();
  const device = createVirtualDevice(
    state,
    clock,
    {},
    { chip: board.moddable.chip, ledcChannelMap: FIRMWARE_LEDC_CHANNEL_MAP },
  );
  const lander = new Lander(
    { device, timer: clock, time: clock, store: flash, resetReason: ResetReason.PowerOn },
    board,
    listener,
    options,
  );
  lander.boot();
  return { lander, clock, state, board, events, flash };
}
