// What a LanderClient is built with and gives back: its options, what the lander says about
// itself when a session opens, and the events it emits. Its byte link is link/byte-transport.ts.
import { NO_CHECKPOINT, PROTOCOL_MAJOR, PROTOCOL_MINOR } from "../../../firmware/protocol/codec";
import { UserError } from "../errors";
import type { LanderMessage, Telemetry } from "./lander-decode";
import type { HostMessage } from "./host-decoder";
import type { HostClock } from "./host-clock";

export interface ClientOptions {
  /** How long to wait for each reply before resending, ms. */
  readonly timeoutMs?: number;
  /** Sends of one request before giving up. */
  readonly attempts?: number;
  /** Heartbeat period; the lander faults after 1.5 s without one. */
  readonly heartbeatMs?: number;
  /** Upload chunks in flight before the first is acknowledged; at most MAX_CHUNKS_IN_FLIGHT, which fill the lander's RX FIFO. */
  readonly window?: number;
  /** The clock replies time out on; the wall clock unless the lander is an in-process simulator. */
  readonly clock?: HostClock;
}

export interface LanderInfo {
  readonly protocol: string;
  readonly firmwareVersion: string;
  readonly boardId: string;
  readonly resetReason: number;
  /** Steps an interrupted mission had finished when the lander reset; undefined when none was. */
  readonly checkpoint: number | undefined;
  /** CRC-32 of the mission stored on the lander; 0 when it runs its built-in sequence. */
  readonly missionCrc: number;
  /** CRC-32 of the mission the checkpoint is of; undefined without a checkpoint. */
  readonly checkpointCrc: number | undefined;
  readonly maxChunk: number;
  readonly maxMission: number;
}

type LanderEvent = Extract<LanderMessage, { kind: "event" }>;

export interface ClientEvents {
  telemetry: [Telemetry];
  event: [LanderEvent];
  string: [string];
  message: [HostMessage];
  close: [Error | undefined];
}

/** What a HelloReply says of the lander; refuses one that speaks another protocol major. */
export function landerInfo(reply: Extract<LanderMessage, { kind: "hello-reply" }>): LanderInfo {
  const lander = reply.lander;
  if (reply.major !== PROTOCOL_MAJOR || !lander) {
    throw new UserError(
      `lander firmware speaks farside protocol ${reply.major}.${reply.minor}, this farside speaks ${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}: flash matching firmware or update farside`,
    );
  }
  const held = lander.checkpoint !== NO_CHECKPOINT;
  return {
    protocol: `${reply.major}.${reply.minor}`,
    firmwareVersion: lander.firmwareVersion,
    boardId: lander.boardId,
    resetReason: lander.resetReason,
    checkpoint: held ? lander.checkpoint : undefined,
    missionCrc: lander.missionCrc,
    checkpointCrc: held ? lander.checkpointCrc : undefined,
    maxChunk: lander.maxChunk,
    maxMission: lander.maxMission,
  };
}
