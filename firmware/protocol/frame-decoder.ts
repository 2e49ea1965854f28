import { END_SYSEX, START_SYSEX, SYSTEM_RESET, dataLength } from "./firmata";

/** Why the decoder dropped bytes; counted, never thrown. */
export const enum Drop {
  /** A data byte outside any message (line noise, or a client that lost sync). */
  Stray = 0,
  /** A message cut short by the next status byte. */
  Truncated = 1,
  /** A sysex longer than the decoder's buffer: dropped whole. */
  Overflow = 2,
  /** A status byte Firmata does not define. */
  Unknown = 3,
  /** The handler threw: its message is dropped and decoding goes on. */
  HandlerError = 4,
  /** A lander message whose check septet does not match: damaged on the way, not acted on. */
  BadCheck = 5,
}

export interface FrameHandler {
  /** A complete non-sysex message: status byte and its data bytes (0 where absent). */
  message(status: number, data1: number, data2: number): void;
  /** A complete sysex: `buffer[0]` is the sysex command, the rest its data, `length` bytes in all. */
  sysex(buffer: Uint8Array, length: number): void;
}

const IDLE = 0;
const IN_MESSAGE = 1;
const IN_SYSEX = 2;
const SKIPPING_SYSEX = 3;

/**
 * Firmata framing, one byte at a time, in a fixed buffer. Any status byte starts a new message,
 * so after garbage or a cut-off message it resyncs at the next status byte, and every complete
 * message after the damage is decoded; but a SYSTEM_RESET counts only between messages. It
 * never throws and never allocates after construction.
 */
export class FrameDecoder {
  /** Dropped bytes by reason (index: Drop). */
  readonly drops = new Uint32Array(6);
  decoded = 0;
  private readonly buffer: Uint8Array;
  private state = IDLE;
  private status = 0;
  private needed = 0;
  private length = 0;
  private data1 = 0;

  constructor(
    private readonly handler: FrameHandler,
    readonly maxSysex = 512,
    /** Decoding what a board sent (the host's side) rather than what a host sent. */
    private readonly fromBoard = false,
  ) {
    this.buffer = new Uint8Array(maxSysex);
  }

  pushBytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    for (let i = start; i < end; i++) this.push(bytes[i]);
  }

  push(value: number): void {
    const byte = value & 0xff;
    if (byte >= 0x80) {
      this.startMessage(byte);
      return;
    }
    switch (this.state) {
      case IDLE:
        this.drops[Drop.Stray]++;
        return;
      case SKIPPING_SYSEX:
        this.drops[Drop.Overflow]++;
        return;
      case IN_SYSEX:
        if (this.length >= this.buffer.length) {
          this.drops[Drop.Overflow] += this.length + 2;
          this.state = SKIPPING_SYSEX;
          return;
        }
        this.buffer[this.length++] = byte;
        return;
      case IN_MESSAGE:
        if (this.length === 0) {
          this.data1 = byte;
          this.length = 1;
          if (this.needed === 1) this.complete(this.data1, 0);
        } else {
          this.complete(this.data1, byte);
        }
        return;
    }
  }

  private startMessage(byte: number): void {
    if (byte === END_SYSEX) {
      if (this.state === IN_SYSEX && this.length > 0) this.deliverSysex();
      else if (this.state === IN_SYSEX) this.drops[Drop.Truncated] += 2;
      else if (this.state === SKIPPING_SYSEX) this.drops[Drop.Overflow]++;
      else this.dropPartial(1);
      this.state = IDLE;
      return;
    }
    if (byte === SYSTEM_RESET && this.state !== IDLE) {
      // One flipped bit turns END_SYSEX (0xF7) or a data byte 0x7F into SYSTEM_RESET: one that
      // cuts a message short is damage, not a host asking for a reset. The message is dropped.
      this.dropPartial(1);
      this.state = IDLE;
      return;
    }
    this.dropPartial(0);
    if (byte === START_SYSEX) {
      this.state = IN_SYSEX;
      this.length = 0;
      return;
    }
    const needed = dataLength(byte, this.fromBoard);
    if (needed < 0) {
      this.drops[Drop.Unknown]++;
      this.state = IDLE;
      return;
    }
    this.status = byte;
    this.needed = needed;
    this.length = 0;
    this.state = IN_MESSAGE;
    if (needed === 0) this.complete(0, 0);
  }

  /** Counts a message left unfinished when a new status byte arrives. */
  private dropPartial(extra: number): void {
    if (this.state === IN_MESSAGE) this.drops[Drop.Truncated] += 1 + this.length + extra;
    else if (this.state === IN_SYSEX) this.drops[Drop.Truncated] += 1 + this.length + extra;
    else if (this.state === SKIPPING_SYSEX) this.drops[Drop.Overflow] += extra;
    else if (extra > 0) this.drops[Drop.Stray] += extra;
  }

  private complete(data1: number, data2: number): void {
    this.state = IDLE;
    try {
      this.handler.message(this.status, data1, data2);
      this.decoded++;
    } catch {
      this.drops[Drop.HandlerError]++;
    }
  }

  private deliverSysex(): void {
    try {
      this.handler.sysex(this.buffer, this.length);
      this.decoded++;
    } catch {
      this.drops[Drop.HandlerError]++;
    }
  }
}
