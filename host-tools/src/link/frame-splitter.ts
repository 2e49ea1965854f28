// Cuts a Firmata byte stream into whole messages without decoding them, so a shared port can
// look at each message's type (and rewrite a request id) and pass its bytes on as they came.
import { END_SYSEX, REPORT_VERSION, START_SYSEX } from "../../../firmware/protocol/firmata";

export type Piece =
  /** A whole sysex, F0 through F7. */
  | { readonly kind: "sysex"; readonly bytes: Uint8Array }
  /** A status byte and its data bytes. */
  | { readonly kind: "plain"; readonly bytes: Uint8Array }
  /** Bytes that are no whole message: a sysex cut short or too long, stray data bytes. */
  | { readonly kind: "raw"; readonly bytes: Uint8Array };

/** The longest sysex kept whole; longer ones pass on as raw bytes (every receiver drops them). */
const MAX_SYSEX = 1024;

/**
 * Data bytes after a status byte. REPORT_VERSION is a bare query from a host and carries the
 * version from a board; SYSTEM_RESET and the other system bytes carry none.
 */
function dataBytes(status: number, fromBoard: boolean): number {
  if (status < 0xf0) return (status & 0xf0) === 0xc0 || (status & 0xf0) === 0xd0 ? 1 : 2;
  if (status === REPORT_VERSION) return fromBoard ? 2 : 0;
  if (status === 0xf4 || status === 0xf5) return 2;
  return 0;
}

export class FrameSplitter {
  private held: number[] = [];
  private sysex = false;
  private needed = 0;

  constructor(
    private readonly deliver: (piece: Piece) => void,
    /** Splitting what a board sent (REPORT_VERSION then carries two bytes). */
    private readonly fromBoard: boolean,
  ) {}

  push(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (byte >= 0x80) this.status(byte);
      else if (this.sysex) {
        this.held.push(byte);
        if (this.held.length > MAX_SYSEX) this.flush("raw");
      } else if (this.held.length > 0 && this.needed > 0) {
        this.held.push(byte);
        if (--this.needed === 0) this.flush("plain");
      } else this.deliver({ kind: "raw", bytes: Uint8Array.of(byte) });
    }
  }

  private status(byte: number): void {
    if (byte === END_SYSEX && this.sysex && this.held.length > 0 && this.held[0] === START_SYSEX) {
      this.held.push(byte);
      this.flush("sysex");
      this.sysex = false;
      return;
    }
    // Whatever was held is cut short by this status byte.
    if (this.held.length > 0) this.flush("raw");
    this.held.push(byte);
    this.sysex = byte === START_SYSEX;
    if (this.sysex) return;
    if (byte === END_SYSEX) {
      this.flush("raw");
      return;
    }
    this.needed = dataBytes(byte, this.fromBoard);
    if (this.needed === 0) this.flush("plain");
  }

  private flush(kind: Piece["kind"]): void {
    this.deliver({ kind, bytes: Uint8Array.from(this.held) });
    this.held = [];
    this.needed = 0;
  }
}
