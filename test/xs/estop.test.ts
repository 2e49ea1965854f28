// The e-stop switch, tripped in each phase of the default sequence, on the firmware in XS:
// the spin stops on the next tick, the drill rises, the arm stows, and the fault is reported.
import { describe, expect, it } from "vitest";
import { JOINT_NAMES } from "../../firmware/board/config";
import { Mode } from "../../firmware/lander/status";
import { Fault } from "../../firmware/safety/faults";
import { Phase } from "../../firmware/sequence/phases";
import { dutyForPulse, pulseForAngle } from "../../firmware/servo/calibration";
import { loadBoard } from "../../host-tools/src/boards/load";
import { dutyAt, seriesByPin } from "../../host-tools/src/sim/pwm-trace";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

const board = loadBoard("esp32-devkitc");
const duty = (us: number) => dutyForPulse(us, board.pwm.hz, board.pwm.resolution);

describe.each([
  Phase.SelfTest,
  Phase.Drilling,
  Phase.CoreTransfer,
  Phase.Scooping,
  Phase.Sealing,
  Phase.Transfer,
  Phase.Flag,
  Phase.Liftoff,
])("e-stop in phase %i, in XS", (phase) => {
  it("ends in the safe state with the e-stop fault", async () => {
    const lander = await VirtualLander.boot(board);
    try {
      await lander.advance(200);
      await lander.press(board.start);
      expect(await lander.runUntil((s) => s.phase === phase, 300_000, 100)).toBe(true);
      await lander.advance(500);
      await lander.setInput(board.estop.pin, board.estop.activeLevel);
      const trippedMs = lander.nowMs;
      expect(await lander.runUntil((s) => s.mode === Mode.Safe, 60_000, 500)).toBe(true);

      const faults = lander.trace.events.filter((e) => e.type === "fault");
      expect(faults.map((e) => e.value)).toEqual([Fault.EStop]);
      expect(faults[0].t - trippedMs).toBeLessThanOrEqual(20);

      const pwm = seriesByPin(lander.trace.pwm);
      const stopDuty = duty(board.drill.spin.stopUs);
      // The next tick stops it: at most a period later, plus the time that tick takes on the chip.
      const nextTickDoneMs = trippedMs + 20 + Math.ceil(lander.status.longestCallMs);
      expect(dutyAt(pwm.get(board.drill.spin.pin)!, nextTickDoneMs)).toBe(stopDuty);
      const end = lander.nowMs;
      expect(dutyAt(pwm.get(board.drill.spin.pin)!, end)).toBe(stopDuty);
      expect(dutyAt(pwm.get(board.drill.feed.pin)!, end)).toBe(duty(board.drill.feed.minUs));
      for (const name of JOINT_NAMES) {
        const joint = board.joints[name];
        expect(dutyAt(pwm.get(joint.pin)!, end), name).toBe(duty(pulseForAngle(joint, board.poses.stow[name])));
      }
      // The engine LED is off, and the lander stays safe: the sequence does not resume.
      expect(lander.status.ascender).toBe(false);
      await lander.advance(5000);
      expect(lander.status.mode).toBe(Mode.Safe);
    } finally {
      lander.close();
    }
  });
});
