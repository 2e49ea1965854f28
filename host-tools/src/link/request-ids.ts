// Request ids on a shared port. Every client of the port picks its own ids (0-127), and the
// lander echoes whatever id it gets, so the port hands out the ids on the wire itself and maps
// each reply back to the client that asked, with the id that client chose.
import { LANDER_SYSEX, Msg, checkIntact } from "../../../firmware/protocol/codec";
import { HOST_MESSAGES } from "../../../firmware/protocol/layouts";

/** Where a lander frame (F0 0F type fields... check F7) keeps its type and its request id. */
const TYPE_AT = 2;
const REQUEST_AT = 3;

/** The lander message type of a whole sysex frame, or -1 for any other sysex. */
export function frameType(frame: Uint8Array): number {
  return frame.length >= 5 && frame[1] === LANDER_SYSEX ? frame[TYPE_AT] : -1;
}

/** Whether the frame's check septet matches: only an intact frame may be rewritten (and so re-sealed). */
export function frameIntact(frame: Uint8Array): boolean {
  return checkIntact(frame.subarray(1, frame.length - 1), frame.length - 2);
}

export function frameRequest(frame: Uint8Array): number {
  return frame[REQUEST_AT];
}

/** A copy of an intact frame with another request id, its check septet made again. */
export function withRequest(frame: Uint8Array, request: number): Uint8Array {
  const copy = frame.slice();
  copy[REQUEST_AT] = request & 0x7f;
  let sum = 0;
  for (let i = 1; i < copy.length - 2; i++) sum += copy[i];
  copy[copy.length - 2] = sum & 0x7f;
  return copy;
}

/** Host messages whose first field is a request id (all but UploadChunk, which has a sequence). */
const CARRIES_REQUEST = new Set(
  HOST_MESSAGES.filter((layout) => layout.fields[0]?.name === "request").map((layout) => layout.type),
);
/** Lander messages that answer one request: they go to whoever asked, and nobody else. */
const ANSWERS = new Set<number>([Msg.HelloReply, Msg.Ack, Msg.Status]);

export const carriesRequest = (type: number): boolean => CARRIES_REQUEST.has(type);
export const answersRequest = (type: number): boolean => ANSWERS.has(type);

export interface Asker<E> {
  readonly client: E;
  /** The id the client chose. */
  readonly request: number;
  readonly type: number;
}

interface Entry<E> extends Asker<E> {
  readonly key: string;
}

/**
 * Wire ids handed out in turn. A client's resend (the same id and type again) keeps the wire id
 * of its first send, so the lander still takes it for a resend and does not act twice; a new
 * request always gets the next id, so it is never mistaken for one.
 */
export class RequestIds<E extends { readonly id: number }> {
  private next = 0;
  private readonly byWire: (Entry<E> | undefined)[] = [];
  private readonly byKey = new Map<string, number>();

  wireId(client: E, type: number, request: number): number {
    const key = `${client.id}/${type}/${request}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const wire = this.next;
    this.next = (this.next + 1) & 0x7f;
    const old = this.byWire[wire];
    if (old) this.byKey.delete(old.key);
    this.byWire[wire] = { client, request, type, key };
    this.byKey.set(key, wire);
    return wire;
  }

  /** Who asked the request the lander answered with `wire`, if anyone still waits on that id. */
  asker(wire: number): Asker<E> | undefined {
    return this.byWire[wire];
  }

  /** A client that went away: its ids answer nobody. */
  forget(client: E): void {
    for (const [wire, entry] of this.byWire.entries()) {
      if (entry?.client !== client) continue;
      this.byKey.delete(entry.key);
      this.byWire[wire] = undefined;
    }
  }
}
