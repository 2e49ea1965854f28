// Runs inside xsnap-worker for the codec tests: the firmware's FrameDecoder, fed the bytes Node
// sends, answers with every message it decoded and its drop counters, as JSON.
import { FrameDecoder } from "../../../firmware/protocol/codec";

const decoded: number[][] = [];
const decoder = new FrameDecoder(
  {
    message: (status, data1, data2) => decoded.push([status, data1, data2]),
    sysex: (buffer, length) => decoded.push([0xf0, ...Array.from(buffer.subarray(0, length))]),
  },
  320,
);
const encoder = new TextEncoder();

(globalThis as { handleCommand?: (request: ArrayBuffer) => ArrayBuffer }).handleCommand = (request) => {
  decoded.length = 0;
  decoder.pushBytes(new Uint8Array(request));
  const reply = JSON.stringify({ decoded, drops: Array.from(decoder.drops) });
  return encoder.encode(reply).buffer as ArrayBuffer;
};
