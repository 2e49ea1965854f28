import {
  CHUNK_CRC,
  CHUNK_SEQ,
  MAX_MISSION_BYTES,
  Result,
  chunkData,
  chunkDataLength,
  crc32,
  field,
} from "../protocol/codec";

/**
 * Where a whole, checked mission goes. It replaces the previous one only once it is whole, and
 * only if the sink accepts it: Ok, or the Result the host is told in UploadDone.
 */
export interface MissionSink {
  missionReceived(bytes: Uint8Array, length: number, crc: number): Result;
}

/** What the receiver answers a chunk: the result and the sequence number it expects next. */
export interface ChunkOutcome {
  result: Result;
  expected: number;
  /** Set when this chunk completed the upload: Ok, or BadCrc for the whole mission. */
  finished: Result | -1;
}

/**
 * Receives a mission in numbered chunks into one buffer allocated at boot. Chunks must come in
 * order; a repeated one is acknowledged again (its ack was lost), a later one is refused with the
 * number expected, so the host knows exactly what to resend. Nothing the host sends can make it
 * write past its buffer.
 */
export class MissionReceiver {
  readonly buffer = new Uint8Array(MAX_MISSION_BYTES);
  private active = false;
  private finished = false;
  private length = 0;
  private crc = 0;
  private received = 0;
  private nextSeq = 0;
  private readonly outcome: ChunkOutcome = { result: Result.Ok, expected: 0, finished: -1 };

  constructor(private readonly sink: MissionSink) {}

  get inProgress(): boolean {
    return this.active;
  }

  get receivedBytes(): number {
    return this.received;
  }

  get expectedLength(): number {
    return this.length;
  }

  get expectedCrc(): number {
    return this.crc;
  }

  begin(length: number, crc: number): Result {
    if (length <= 0) return Result.BadRequest;
    if (length > this.buffer.length) return Result.TooLarge;
    this.active = true;
    this.finished = false;
    this.length = length;
    this.crc = crc;
    this.received = 0;
    this.nextSeq = 0;
    return Result.Ok;
  }

  cancel(): void {
    this.active = false;
    this.finished = false;
  }

  /** Takes one UploadChunk sysex (as the frame decoder hands it over). */
  chunk(sysex: Uint8Array, length: number): ChunkOutcome {
    const out = this.outcome;
    out.finished = -1;
    const seq = field(sysex, CHUNK_SEQ);
    const chunkCrc = field(sysex, CHUNK_CRC);
    out.expected = this.nextSeq;
    if (!this.active) {
      // A resend of a chunk of the upload that just finished only lost its ack: ack it again.
      out.result = this.finished && seq < this.nextSeq ? Result.Ok : Result.NoUpload;
      return out;
    }
    if (seq < this.nextSeq) {
      out.result = Result.Ok;
      return out;
    }
    if (seq > this.nextSeq) {
      out.result = Result.OutOfOrder;
      return out;
    }
    const size = chunkDataLength(length);
    if (size <= 0) {
      out.result = Result.BadRequest;
      return out;
    }
    if (this.received + size > this.length) {
      out.result = Result.TooLarge;
      return out;
    }
    const written = chunkData(sysex, length, this.buffer, this.received, this.length);
    if (written !== size || crc32(this.buffer, this.received, this.received + size) !== chunkCrc) {
      out.result = Result.BadCrc;
      return out;
    }
    this.received += size;
    this.nextSeq++;
    out.expected = this.nextSeq;
    out.result = Result.Ok;
    if (this.received === this.length) {
      this.active = false;
      this.finished = true;
      const whole = crc32(this.buffer, 0, this.length) === this.crc;
      out.finished = whole ? this.sink.missionReceived(this.buffer, this.length, this.crc) : Result.BadCrc;
    }
    return out;
  }
}
