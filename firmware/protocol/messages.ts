// The lander protocol's vocabulary: its sysex command, versions and limits, message types,
// result codes, event kinds and reset reasons. docs/protocol.md lists the same numbers.

/** Sysex command of every lander message (Firmata leaves 0x01-0x0F to user-defined features). */
export const LANDER_SYSEX = 0x0f;

/** A host may talk to a lander whose major version equals its own. */
export const PROTOCOL_MAJOR = 5;
export const PROTOCOL_MINOR = 0;

/**
 * Largest mission chunk in bytes. Its frame is 58 bytes, so the two a host may have in flight
 * (lander-client's window) and a heartbeat fit in the UART's 128-byte RX FIFO together: an
 * upload cannot overflow it however long the lander's thread is busy, since on the ESP32 the
 * FIFO is all the receive buffering there is (docs/fidelity.md).
 */
export const MAX_CHUNK_BYTES = 40;
/** Upload chunks a host may have in flight before the first is acknowledged (see MAX_CHUNK_BYTES). */
export const MAX_CHUNKS_IN_FLIGHT = 2;
/** Largest mission the lander keeps, in bytes. */
export const MAX_MISSION_BYTES = 8192;
/** Largest lander message, framing included. */
export const MAX_FRAME_BYTES = 320;

export const enum Msg {
  // Host to lander.
  Hello = 0x01,
  Goodbye = 0x02,
  Heartbeat = 0x03,
  StatusQuery = 0x04,
  TelemetryRate = 0x05,
  Start = 0x10,
  Pause = 0x11,
  Resume = 0x12,
  Abort = 0x13,
  EStop = 0x14,
  /** Run the interrupted mission again from its checkpoint's phase. */
  Continue = 0x15,
  /** Run one compiled step now (farside replay, host-timed); needs a watched session. */
  RunStep = 0x16,
  /**
   * Allow motion: servo writes, Start, Resume, Continue, RunStep. Needs no session, so a plain
   * Firmata client can send it (docs/protocol.md gives its bytes). Refused while e-stop is held or
   * the lander is getting safe; clears a commanded e-stop.
   */
  Arm = 0x17,
  /** Forbid motion again; a running mission is aborted to the safe state. */
  Disarm = 0x18,
  UploadBegin = 0x20,
  UploadChunk = 0x21,
  // Lander to host.
  HelloReply = 0x40,
  Ack = 0x41,
  Status = 0x42,
  Telemetry = 0x43,
  Event = 0x44,
  ChunkAck = 0x45,
  UploadDone = 0x46,
  Error = 0x47,
}

/** Outcome codes in Ack, ChunkAck, UploadDone and Error. Never renumber. */
export const enum Result {
  Ok = 0,
  /** The lander's state does not allow it now (e.g. start while e-stop is tripped). */
  Refused = 1,
  /** The message is malformed: wrong length or values out of range. */
  BadRequest = 2,
  /** An unknown message type or sysex command. */
  Unsupported = 3,
  BadCrc = 4,
  OutOfOrder = 5,
  TooLarge = 6,
  NoUpload = 7,
  Incompatible = 8,
  /** A command that needs a host session (Hello) arrived without one. */
  NoSession = 9,
  /** A motion command reached a lander that is not armed. */
  NotArmed = 10,
}

export const RESULT_NAMES: readonly string[] = Object.freeze([
  "ok",
  "refused",
  "bad request",
  "unsupported",
  "bad CRC",
  "out of order",
  "too large",
  "no upload in progress",
  "incompatible protocol",
  "no session",
  "not armed (arm it first)",
]);

export const enum EventKind {
  ModeChanged = 1,
  PhaseEntered = 2,
  StepDone = 3,
  Fault = 4,
  Reset = 5,
  /** A mission's marker step was reached; value is the marker's number. */
  Marker = 6,
  /** Value 1: armed; 0: disarmed. */
  Armed = 7,
}

/** Why the lander (re)started its firmware state, reported in HelloReply and a Reset event. */
export const enum ResetReason {
  PowerOn = 0,
  /** A Firmata SYSTEM_RESET from the host. */
  SystemReset = 1,
  /** The supply sagged below the chip's brownout threshold (a stalled motor on a tired battery). */
  Brownout = 2,
  Watchdog = 3,
  Panic = 4,
  Software = 5,
  /** The board's EN / RESET button. */
  External = 6,
  Unknown = 7,
}

export const RESET_REASON_NAMES: readonly string[] = Object.freeze([
  "power-on",
  "system-reset",
  "brownout",
  "watchdog",
  "panic",
  "software",
  "reset-button",
  "unknown",
]);
