// Why the lander refuses what a host asks: a code the firmware compares, and one table of the
// words a host is shown. The link sends them as Firmata STRING_DATA, two bytes a character, so a
// line stays under 60 characters and goes out whole through the UART's 128-byte TX FIFO.

/** Why a hand move or an uploaded mission was refused. Labels follow this order. */
export const enum Refusal {
  None = 0,
  /** Hand control: the e-stop switch is tripped, or an e-stop command is latched. */
  EStopped = 1,
  /** Hand control: a sequence, or the safe-state procedure, owns the outputs. */
  SequenceRunning = 2,
  /** Hand control: a host must arm the lander first (docs/protocol.md, "Arming"). */
  NotArmed = 3,
  /** An upload while a sequence owns the outputs. */
  Busy = 4,
  /** An upload that is not a mission this firmware reads: the decoder's reason is the line. */
  Undecodable = 5,
  /** An upload checked against another board file, or another version of this one. */
  OtherBoard = 6,
  /** An upload with a step this lander cannot do: a pose it lacks, a depth past the drill's travel. */
  StepDoesNotFit = 7,
  /** Flash would not keep the upload: a mission gone after a reset is refused, not half taken. */
  FlashWriteFailed = 8,
}

/** What a host is shown for each Refusal, in its order. */
export const REFUSAL_LABELS: readonly string[] = Object.freeze([
  "none",
  "e-stopped",
  "sequence running",
  "not armed",
  "busy",
  "not a mission this firmware reads",
  "board hash",
  "does not fit this lander",
  "flash write failed",
]);

/** A refused upload as the link reads it, to tell the host why. */
export interface MissionRefusalReport {
  readonly code: Refusal;
  /** The number the refusal names, sent with its code in UploadDone: the lander's board hash, or the step that does not fit; else 0. */
  readonly detail: number;
  /** The line after "mission refused: ": the label, with the step or the board hashes it names. */
  text(): string;
}

/**
 * The last refused upload and what its line names. The lander compares codes; only the link,
 * which sends the line, asks for the words, so they are put together only then.
 */
export class MissionRefusal implements MissionRefusalReport {
  code = Refusal.None;
  private reason = "";
  private step = 0;
  private missionHash = 0;
  private landerHash = 0;

  /** A refusal whose label says it all. */
  refuse(code: Refusal): Refusal {
    this.code = code;
    return code;
  }

  /** The decoder's reason (mission/format.ts) is already a short line of its own. */
  undecodable(reason: string): Refusal {
    this.reason = reason;
    return this.refuse(Refusal.Undecodable);
  }

  otherBoard(missionHash: number, landerHash: number): Refusal {
    this.missionHash = missionHash;
    this.landerHash = landerHash;
    return this.refuse(Refusal.OtherBoard);
  }

  stepDoesNotFit(step: number): Refusal {
    this.step = step;
    return this.refuse(Refusal.StepDoesNotFit);
  }

  get detail(): number {
    if (this.code === Refusal.OtherBoard) return this.landerHash;
    return this.code === Refusal.StepDoesNotFit ? this.step : 0;
  }

  text(): string {
    const label = REFUSAL_LABELS[this.code];
    switch (this.code) {
      case Refusal.Undecodable:
        return this.reason;
      case Refusal.OtherBoard:
        return `${label} ${hex(this.missionHash)}, mine ${hex(this.landerHash)}`;
      case Refusal.StepDoesNotFit:
        return `step ${this.step} ${label}`;
      default:
        return label;
    }
  }
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}
