// A lander status as a tick leaves it mid-drilling: what the telemetry-frame figures encode, in
// XS (test/xs/support/telemetry-frame-harness.ts) and in Node alike.
import { LanderStatus } from "../../firmware/lander/status";

export function midMissionStatus(): LanderStatus {
  const status = new LanderStatus();
  status.nowMs = 93_500;
  status.mode = 1;
  status.phase = 2;
  status.step = 4;
  status.joints[0] = 35.2;
  status.joints[1] = 120.4;
  status.depthMm = 31.7;
  status.rpm = 300;
  status.loadAmps = 0.412;
  status.batteryVolts = 7.46;
  status.hostWatched = true;
  status.armed = true;
  status.longestTickMs = 3;
  return status;
}
