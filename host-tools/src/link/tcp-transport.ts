// A lander link over TCP, `--port tcp://HOST:PORT`: `farside sim --tcp` on a machine without
// pseudo-terminals, as a Wi-Fi board serves Firmata over TCP to johnny-five's etherport-client.
// TCP has no baud rate: the pacing is the far end's (the simulator's UART model).
import { connect, type Socket } from "node:net";
import { UserError } from "../errors";
import type { ByteTransport } from "./byte-transport";

const TCP_URL = /^tcp:\/\/(\[[^\]]+\]|[^:/[\]]+):(\d{1,5})\/?$/;

/** Whether a --port value names a TCP link rather than a serial port. */
export function isTcpPort(port: string): boolean {
  return port.startsWith("tcp://");
}

export function parseTcpPort(url: string): { host: string; port: number } {
  const match = TCP_URL.exec(url);
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port >= 1 && port <= 65535))
    throw new UserError(`--port ${url}: a TCP link is tcp://HOST:PORT (tcp://127.0.0.1:5333), its port 1 to 65535`);
  return { host: match[1].replace(/^\[|\]$/g, ""), port };
}

export async function openTcpTransport(url: string): Promise<ByteTransport> {
  const { host, port } = parseTcpPort(url);
  const socket = connect({ host, port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(
        new UserError(
          error.code === "ECONNREFUSED"
            ? `nothing listens at ${url}: start one with farside sim --tcp ${port}`
            : `cannot connect to ${url}: ${error.message}`,
        ),
      );
    });
  });
  return new TcpTransport(url, socket);
}

class TcpTransport implements ByteTransport {
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private closing = false;
  private heard = false;
  private failure: Error | undefined;

  constructor(
    private readonly url: string,
    private readonly socket: Socket,
  ) {
    socket.on("data", () => (this.heard = true));
    socket.on("error", (error) => (this.failure = error));
    socket.once("close", () => this.end());
  }

  /** A write the far end did not take (it closed) is not an error of its own: the close says what went. */
  write(data: Uint8Array): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(data, () => resolve()));
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.socket.on("data", (chunk: Buffer) => listener(new Uint8Array(chunk)));
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.destroy();
    });
  }

  private end(): void {
    // Closed at once, before a byte came: the far end serves one client at a time, and has one.
    const why = !this.heard
      ? `${this.url} closed the link before a byte came: it serves one client at a time, and may have one`
      : this.failure
        ? `${this.url}: ${this.failure.message}`
        : `${this.url}: the other side closed the link`;
    const error = this.closing ? undefined : new Error(why);
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}
