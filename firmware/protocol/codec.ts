// The lander's extension of Firmata, carried in sysex. The firmware (in XS) and the host tools
// (in Node) import this one module; docs/protocol.md describes the same layouts for people.
// Its parts: messages.ts (types, results, limits), layouts.ts (every message's fields, declared
// once), telemetry.ts (the telemetry record), encode.ts (both directions' encoders) and
// receive.ts (the lander's field readers). The host's typed decoding, driven by the same
// layouts, is host-tools/src/link/lander-decode.ts: the lander never needs it.
export { FrameDecoder, Drop, type FrameHandler } from "./frame-decoder";
export { FrameWriter } from "./frame-writer";
export { crc32 } from "./crc32";
export * from "./messages";
export * from "./layouts";
export * from "./encode";
export * from "./telemetry";
export * from "./receive";
