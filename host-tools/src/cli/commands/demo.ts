import type { Command } from "commander";
import { JOINT_NAMES, type BoardConfig } from "../../../../firmware/board/config";
import { Mode } from "../../../../firmware/lander/status";
import { DEFAULT_BOARD } from "../../mission/load";
import { VirtualLander } from "../../sim/virtual-lander";
import { loadNamedBoard } from "../board-option";
import { clock, faultLabel, modeLabel, phaseLabel } from "../../labels";
import { sampleSummary } from "../../sample-summary";

/**
 * Runs the default sampling sequence on the simulated lander: the firmware in the real XS
 * engine on a virtual board, pressing the start button as a person would, in virtual time.
 * Returns true when the sequence completed.
 */
async function runDemo(board: BoardConfig, print: (line: string) => void): Promise<boolean> {
  const lander = await VirtualLander.boot(board);
  try {
    print(`farside demo: ${board.name}, default Chang'e-6 sequence, firmware in XS on a virtual board`);
    await lander.advance(200);
    await lander.press(board.start);
    const finished = await lander.runUntil(
      (status) => status.mode === Mode.Complete || status.mode === Mode.Safe,
      10 * 60_000,
      1000,
    );
    for (const event of lander.trace.events) {
      if (event.type === "phase") print(`${clock(event.t)}  phase ${phaseLabel(event.value)}`);
      if (event.type === "fault") print(`${clock(event.t)}  FAULT ${faultLabel(event.value)}`);
    }
    const status = lander.status;
    const joints = JOINT_NAMES.map((name, i) => `${name} ${status.joints[i].toFixed(0)}°`).join(", ");
    print(`${clock(status.nowMs)}  ${modeLabel(status.mode)}: ${joints}; drill ${status.depthMm.toFixed(0)} mm`);
    const world = await lander.world();
    print(sampleSummary({ ...world.samples, sealed: world.containerSealed }));
    print(`${lander.trace.pwm.length / 3} PWM writes, ${status.ticks} control ticks, ${status.overruns} overruns`);
    return finished && status.mode === Mode.Complete;
  } finally {
    lander.close();
  }
}

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the default sampling sequence on the simulated lander (firmware in XS, virtual time)")
    .option("-b, --board <id>", "board file to simulate", DEFAULT_BOARD)
    .action(async (options: { board: string }) => {
      const ok = await runDemo(loadNamedBoard(options.board), (line) => console.log(line));
      if (!ok) process.exitCode ??= 1;
    });
}
