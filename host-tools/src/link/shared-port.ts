// One lander port, many clients: the farside process that opened the port (the holder) and the
// watchers attached to it through its socket (watcher-server.ts). Every client sees every
// telemetry frame, event and string the lander sends; a reply goes only to the client that asked,
// its request id put back (request-ids.ts); what a watcher may send is watcher-policy.ts's call.
import { FrameWriter, Msg, Result, EventKind, writeAck } from "../../../firmware/protocol/codec";
import {
  FIRMATA_MAJOR,
  FIRMATA_MINOR,
  REPORT_VERSION,
  STRING_DATA,
  SYSTEM_RESET,
} from "../../../firmware/protocol/firmata";
import { HELLO_MAJOR, field } from "../../../firmware/protocol/receive";
import type { ByteTransport } from "./byte-transport";
import { FrameSplitter, type Piece } from "./frame-splitter";
import {
  RequestIds,
  answersRequest,
  carriesRequest,
  frameIntact,
  frameRequest,
  frameType,
  withRequest,
} from "./request-ids";
import { judge, refusalText, type WatcherState } from "./watcher-policy";

interface Client {
  readonly id: number;
  /** Bytes for this client, in the order the lander (or the holder) sent them. */
  send(bytes: Uint8Array): void;
  /** Undefined for the holder, whose own client is trusted with everything. */
  readonly watcher?: WatcherState;
  end?(why: Error): void;
}

export interface WatcherHandle {
  /** Bytes the watcher sent. */
  push(bytes: Uint8Array): void;
  /** The watcher went away. */
  detach(): void;
}

/** Event frame offsets: F0 0F 44 kind time(5) value(2) check F7. */
const EVENT_KIND_AT = 3;
const EVENT_VALUE_AT = 9;

export class SharedPort {
  /** The holder's own link: a ByteTransport as the port itself would be. */
  readonly local: ByteTransport;
  private readonly clients = new Set<Client>();
  private readonly ids = new RequestIds<Client>();
  private readonly writer = new FrameWriter(1024);
  private readonly holderListeners: ((chunk: Uint8Array) => void)[] = [];
  /** The holder's last HelloReply: a watcher's Hello is answered with it, so it opens no session. */
  private helloReply: Uint8Array | undefined;
  private waitingHellos: { client: Client; frame: Uint8Array }[] = [];
  private nextId = 1;
  private closed = false;
  /** Bytes for each client while one chunk from the lander is cut up, sent together after it. */
  private outgoing: Map<Client, Uint8Array[]> | undefined;
  private readonly holder: Client;

  constructor(
    private readonly port: ByteTransport,
    /** How watchers' refusals name the holder: "farside run (pid 4242)". */
    private readonly holderName: string,
  ) {
    this.holder = { id: 0, send: (bytes) => this.holderListeners.forEach((listener) => listener(bytes)) };
    this.clients.add(this.holder);
    const fromLander = new FrameSplitter((piece) => this.fromLander(piece), true);
    port.onData((chunk) => {
      this.outgoing = new Map();
      fromLander.push(chunk);
      const batch = this.outgoing;
      this.outgoing = undefined;
      for (const [client, parts] of batch) client.send(parts.length === 1 ? parts[0] : concat(parts));
    });
    port.onClose((error) => this.endWatchers(error ?? new Error("the holder closed the port")));
    let held: Uint8Array[] = [];
    const fromHolder = new FrameSplitter((piece) => held.push(this.mapped(this.holder, piece)), false);
    this.local = {
      write: (data) => {
        fromHolder.push(data);
        const bytes = concat(held);
        held = [];
        return bytes.length > 0 ? this.port.write(bytes) : Promise.resolve();
      },
      onData: (listener) => this.holderListeners.push(listener),
      onClose: (listener) => port.onClose(listener),
      close: async () => {
        this.endWatchers(new Error("the holder closed the port"));
        await port.close();
      },
    };
  }

  attach(send: (bytes: Uint8Array) => void, end: (why: Error) => void, drive: boolean): WatcherHandle {
    const client: Client = { id: this.nextId++, send, end, watcher: { drive, armed: false } };
    if (this.closed) end(new Error("the holder closed the port"));
    else this.clients.add(client);
    const splitter = new FrameSplitter((piece) => this.fromWatcher(client, piece), false);
    return {
      push: (bytes) => {
        if (this.clients.has(client)) splitter.push(bytes);
      },
      detach: () => {
        this.clients.delete(client);
        this.ids.forget(client);
        this.waitingHellos = this.waitingHellos.filter((waiting) => waiting.client !== client);
      },
    };
  }

  get watchers(): number {
    return this.clients.size - 1;
  }

  private fromLander(piece: Piece): void {
    const type = piece.kind === "sysex" ? frameType(piece.bytes) : -1;
    if (type >= 0 && frameIntact(piece.bytes)) {
      if (answersRequest(type)) {
        this.answer(type, piece.bytes);
        return;
      }
      if (type === Msg.Event && piece.bytes[EVENT_KIND_AT] === EventKind.Armed && piece.bytes[EVENT_VALUE_AT] === 0)
        this.disarmWatchers();
    }
    for (const client of this.clients) this.queue(client, piece.bytes);
  }

  /** A reply goes to the client that asked, with its own id; one nobody waits for goes nowhere. */
  private answer(type: number, frame: Uint8Array): void {
    const asker = this.ids.asker(frameRequest(frame));
    if (!asker || !this.clients.has(asker.client)) return;
    const reply = withRequest(frame, asker.request);
    if (type === Msg.HelloReply && asker.client === this.holder) {
      this.helloReply = frame;
      for (const waiting of this.waitingHellos.splice(0)) this.greet(waiting.client, waiting.frame);
    }
    const watcher = asker.client.watcher;
    // The Ack's command and result follow its request id.
    if (watcher && type === Msg.Ack && frame[4] === Msg.Arm && frame[5] === Result.Ok) watcher.armed = true;
    this.queue(asker.client, reply);
  }

  private fromWatcher(client: Client, piece: Piece): void {
    const watcher = client.watcher as WatcherState;
    const verdict = judge(piece, watcher);
    const type = piece.kind === "sysex" ? frameType(piece.bytes) : -1;
    const request = type >= 0 && carriesRequest(type) ? frameRequest(piece.bytes) : -1;
    switch (verdict.act) {
      case "forward":
        if (type === Msg.EStop || type === Msg.Disarm || piece.bytes[0] === SYSTEM_RESET) this.disarmWatchers();
        void this.port.write(this.mapped(client, piece)).catch(() => undefined);
        return;
      case "hello":
        if (this.helloReply) this.greet(client, piece.bytes);
        else this.waitingHellos.push({ client, frame: piece.bytes });
        return;
      case "ack":
        this.queue(client, this.ack(request, type, Result.Ok));
        return;
      case "version":
        this.queue(client, Uint8Array.of(REPORT_VERSION, FIRMATA_MAJOR, FIRMATA_MINOR));
        return;
      case "refuse":
        this.queue(client, this.text(refusalText(this.holderName, watcher, verdict.what)));
        if (request >= 0) this.queue(client, this.ack(request, type, Result.Refused));
        return;
      case "drop":
        return;
    }
  }

  /** A watcher's Hello answered from the holder's session: the lander hears nothing of it. */
  private greet(client: Client, hello: Uint8Array): void {
    const reply = this.helloReply as Uint8Array;
    const request = frameRequest(hello);
    this.queue(client, withRequest(reply, request));
    const major = field(hello.subarray(1), HELLO_MAJOR);
    const same = major === reply[4];
    this.queue(client, this.ack(request, Msg.Hello, same ? Result.Ok : Result.Incompatible));
  }

  /** A piece on its way to the lander: a request carries a wire id of the port's choosing. */
  private mapped(client: Client, piece: Piece): Uint8Array {
    const type = piece.kind === "sysex" ? frameType(piece.bytes) : -1;
    if (type < 0 || !carriesRequest(type) || !frameIntact(piece.bytes)) return piece.bytes;
    return withRequest(piece.bytes, this.ids.wireId(client, type, frameRequest(piece.bytes)));
  }

  private queue(client: Client, bytes: Uint8Array): void {
    if (!this.outgoing) {
      client.send(bytes);
      return;
    }
    const parts = this.outgoing.get(client);
    if (parts) parts.push(bytes);
    else this.outgoing.set(client, [bytes]);
  }

  private ack(request: number, type: number, result: Result): Uint8Array {
    return this.writer.bytes.slice(0, writeAck(this.writer, request, type, result));
  }

  private text(line: string): Uint8Array {
    return this.writer.bytes.slice(0, this.writer.sysex(STRING_DATA).text(line).end());
  }

  private disarmWatchers(): void {
    for (const client of this.clients) if (client.watcher) client.watcher.armed = false;
  }

  private endWatchers(why: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const client of [...this.clients]) {
      this.clients.delete(client);
      client.end?.(why);
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
