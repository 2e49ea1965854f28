// Globals xsnap-worker provides that the firmware's ESP32 runtime does not, so only the
// simulator's glue (never the firmware) may use them.
declare class TextEncoder {
  encode(text: string): Uint8Array;
}
declare class TextDecoder {
  decode(bytes: ArrayBuffer | Uint8Array): string;
}
/** Runs XS's garbage collector now. */
declare function gc(): void;
