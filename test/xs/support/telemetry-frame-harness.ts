// Runs inside xsnap-worker for `npm run bench` and test/xs/telemetry-frame.test.ts: the lander's
// telemetry encoder as the tick calls it, writing as many frames from a mid-mission status as
// the request's first byte says, and answering with the last frame. Two counts' meters differ
// by what the extra frames cost.
import { FrameWriter, MAX_FRAME_BYTES, writeTelemetry } from "../../../firmware/protocol/codec";
import { midMissionStatus } from "../../support/mid-mission-status";

const writer = new FrameWriter(MAX_FRAME_BYTES);
const status = midMissionStatus();

(globalThis as { handleCommand?: (request: ArrayBuffer) => ArrayBuffer }).handleCommand = (request) => {
  const frames = new Uint8Array(request)[0];
  let length = 0;
  for (let i = 0; i < frames; i++) length = writeTelemetry(writer, status);
  return writer.bytes.slice(0, length).buffer;
};
