import { END_SYSEX, START_SYSEX } from "./firmata";
import { packBytes, writeSigned14, writeUnsigned, writeUnsigned14 } from "./septets";

/**
 * Builds one outgoing message in a buffer allocated once, so the firmware can report every tick
 * without allocating. Writes past the capacity are dropped and flagged rather than thrown.
 */
export class FrameWriter {
  readonly bytes: Uint8Array;
  length = 0;
  overflowed = false;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Starts a sysex message with its command byte. */
  sysex(command: number): this {
    this.length = 0;
    this.overflowed = false;
    this.byte(START_SYSEX);
    return this.byte(command);
  }

  /** Starts a plain message: a status byte and up to two data bytes follow. */
  plain(status: number): this {
    this.length = 0;
    this.overflowed = false;
    return this.byte(status);
  }

  byte(value: number): this {
    if (this.length < this.bytes.length) this.bytes[this.length++] = value & 0xff;
    else this.overflowed = true;
    return this;
  }

  u7(value: number): this {
    return this.byte(value & 0x7f);
  }

  unsigned(value: number, septets: number): this {
    if (this.length + septets > this.bytes.length) {
      this.overflowed = true;
      return this;
    }
    this.length = writeUnsigned(this.bytes, this.length, value < 0 ? 0 : value, septets);
    return this;
  }

  u14(value: number): this {
    if (this.length + 2 > this.bytes.length) {
      this.overflowed = true;
      return this;
    }
    this.length = writeUnsigned14(this.bytes, this.length, value);
    return this;
  }

  /**
   * Whether `count` more bytes fit (flagging the frame overflowed when they do not): an encoder
   * that checks once can then write its fields straight into `bytes` from `length` on.
   */
  fits(count: number): boolean {
    if (this.length + count <= this.bytes.length) return true;
    this.overflowed = true;
    return false;
  }

  u21(value: number): this {
    return this.unsigned(value, 3);
  }

  u32(value: number): this {
    return this.unsigned(value >>> 0, 5);
  }

  i14(value: number): this {
    if (this.length + 2 > this.bytes.length) {
      this.overflowed = true;
      return this;
    }
    this.length = writeSigned14(this.bytes, this.length, value);
    return this;
  }

  /** Bytes packed seven to eight. */
  packed(source: Uint8Array, start: number, end: number): this {
    if (this.length + Math.ceil(((end - start) * 8) / 7) > this.bytes.length) {
      this.overflowed = true;
      return this;
    }
    this.length = packBytes(source, start, end, this.bytes, this.length);
    return this;
  }

  /** Each character's code as two septets (LSB, MSB), as Firmata sends strings. */
  text(value: string): this {
    // Two septets a character, checked once: Hello's names and the refusals are the longest texts.
    if (!this.fits(value.length * 2)) return this;
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      bytes[at++] = code & 0x7f;
      bytes[at++] = (code >> 7) & 0x7f;
    }
    this.length = at;
    return this;
  }

  /** Ends a sysex; returns the message's length, or 0 if it did not fit. */
  end(): number {
    this.byte(END_SYSEX);
    return this.overflowed ? 0 : this.length;
  }

  /** Ends a plain message; returns its length, or 0 if it did not fit. */
  done(): number {
    return this.overflowed ? 0 : this.length;
  }
}
