// The watcher's side of a shared port: a ByteTransport over the holder's socket
// (watcher-server.ts), so a LanderClient on it works as on the port itself while another
// farside process holds the port.
import net from "node:net";
import type { ByteTransport } from "./byte-transport";
import { ATTACH_GREETING, type AttachMode, type HolderInfo } from "./watcher-server";

/** The holder let go of the port (its command ended, or it was stopped): there is nothing left to watch. */
export class HolderGoneError extends Error {
  constructor(readonly holder: HolderInfo) {
    super(`${describeHolder(holder)} let go of ${holder.port}`);
  }
}

export const describeHolder = (holder: HolderInfo): string => `${holder.holder} (pid ${holder.pid})`;

export interface Attached {
  readonly holder: HolderInfo;
  readonly transport: ByteTransport;
}

const ANSWER_MS = 2000;

/**
 * Attaches to the holder serving `socketPath`; undefined when nobody serves it (no socket, or
 * one a killed farside left behind) or what answers is no farside.
 */
export async function attachToHolder(socketPath: string, mode: AttachMode): Promise<Attached | undefined> {
  const socket = await connect(socketPath);
  if (!socket) return undefined;
  socket.write(`${ATTACH_GREETING} ${mode}\n`);
  const answer = await readAnswer(socket);
  if (!answer) {
    socket.destroy();
    return undefined;
  }
  return { holder: answer.holder, transport: new AttachTransport(socket, answer.holder, answer.rest) };
}

function connect(socketPath: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once("connect", () => {
      socket.off("error", fail);
      resolve(socket);
    });
    const fail = (): void => resolve(undefined);
    socket.once("error", fail);
  });
}

function readAnswer(socket: net.Socket): Promise<{ holder: HolderInfo; rest: Buffer } | undefined> {
  return new Promise((resolve) => {
    let line = Buffer.alloc(0);
    const done = (answer: { holder: HolderInfo; rest: Buffer } | undefined): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), ANSWER_MS);
    const onClose = (): void => done(undefined);
    const onData = (chunk: Buffer): void => {
      line = Buffer.concat([line, chunk]);
      const end = line.indexOf(0x0a);
      if (end < 0) return;
      done(parseHolder(line.subarray(0, end).toString("utf8"), line.subarray(end + 1)));
    };
    socket.on("data", onData);
    socket.on("close", onClose);
  });
}

function parseHolder(text: string, rest: Buffer): { holder: HolderInfo; rest: Buffer } | undefined {
  try {
    const value = JSON.parse(text) as Partial<HolderInfo>;
    if (typeof value.holder !== "string" || typeof value.pid !== "number" || typeof value.port !== "string")
      return undefined;
    return { holder: { holder: value.holder, pid: value.pid, port: value.port }, rest };
  } catch {
    return undefined;
  }
}

class AttachTransport implements ByteTransport {
  private readonly dataListeners: ((chunk: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  /** Bytes that came with the holder's answer, before anyone listened. */
  private early: Uint8Array[] = [];
  private closing = false;
  private ended = false;

  constructor(
    private readonly socket: net.Socket,
    holder: HolderInfo,
    rest: Buffer,
  ) {
    if (rest.length > 0) this.early.push(Uint8Array.from(rest));
    socket.on("data", (chunk: Buffer) => this.deliver(Uint8Array.from(chunk)));
    socket.on("error", () => undefined);
    socket.on("close", () => this.end(this.closing ? undefined : new HolderGoneError(holder)));
  }

  write(data: Uint8Array): Promise<void> {
    if (this.ended || this.socket.destroyed) return Promise.reject(new Error("the holder's socket is closed"));
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
    for (const chunk of this.early.splice(0)) listener(chunk);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
    });
  }

  private deliver(chunk: Uint8Array): void {
    if (this.dataListeners.length === 0) this.early.push(chunk);
    for (const listener of this.dataListeners) listener(chunk);
  }

  private end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.closeListeners) listener(error);
  }
}
