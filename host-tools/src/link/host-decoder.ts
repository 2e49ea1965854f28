// The host's half of the one codec: bytes from the lander through the shared FrameDecoder into
// typed messages. Firmata's own replies are decoded here; lander messages by the shared codec.
import { FrameDecoder } from "../../../firmware/protocol/codec";
import { decodeLanderMessage, readText, type LanderMessage } from "./lander-decode";
import {
  ANALOG_MESSAGE,
  DIGITAL_MESSAGE,
  REPORT_FIRMWARE,
  REPORT_VERSION,
  STRING_DATA,
} from "../../../firmware/protocol/firmata";

export type HostMessage =
  | LanderMessage
  | { readonly kind: "firmata-version"; readonly major: number; readonly minor: number }
  | { readonly kind: "firmware"; readonly major: number; readonly minor: number; readonly name: string }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "analog"; readonly channel: number; readonly value: number }
  | { readonly kind: "digital"; readonly port: number; readonly value: number };

/** Feeds bytes in, calls `deliver` with every message the lander sent, whatever came between. */
export class HostDecoder {
  readonly frames: FrameDecoder;

  constructor(deliver: (message: HostMessage) => void, maxSysex = 1024) {
    this.frames = new FrameDecoder(
      {
        message(status, data1, data2) {
          if (status === REPORT_VERSION) deliver({ kind: "firmata-version", major: data1, minor: data2 });
          else if ((status & 0xf0) === ANALOG_MESSAGE)
            deliver({ kind: "analog", channel: status & 0x0f, value: data1 | (data2 << 7) });
          else if ((status & 0xf0) === DIGITAL_MESSAGE)
            deliver({ kind: "digital", port: status & 0x0f, value: data1 | (data2 << 7) });
        },
        sysex(buffer, length) {
          if (buffer[0] === REPORT_FIRMWARE && length >= 3) {
            deliver({ kind: "firmware", major: buffer[1], minor: buffer[2], name: readText(buffer, 3, length) });
          } else if (buffer[0] === STRING_DATA) {
            deliver({ kind: "string", text: readText(buffer, 1, length) });
          } else {
            const message = decodeLanderMessage(buffer, length);
            if (message) deliver(message);
          }
        },
      },
      maxSysex,
      true,
    );
  }

  push(bytes: Uint8Array): void {
    this.frames.pushBytes(bytes);
  }
}
