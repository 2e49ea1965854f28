// The lander's end of a TCP link (`farside sim --tcp PORT`): a server on the loopback address
// that takes one client at a time, as a Wi-Fi board's Firmata over TCP does. To the simulator
// it is one more ByteTransport, like its end of the pty pair; no socat is needed.
import { createServer, type Server, type Socket } from "node:net";
import { UserError } from "../errors";
import type { ByteTransport } from "./byte-transport";

/** The addresses `--tcp` may bind: the link has no authentication, so only this machine may reach it. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1"];

export interface TcpLinkEnd extends ByteTransport {
  /** tcp://127.0.0.1:PORT, the port the system gave when asked for 0. */
  readonly url: string;
}

export async function serveTcpLink(host: string, port: number): Promise<TcpLinkEnd> {
  if (!LOOPBACK_HOSTS.includes(host))
    throw new UserError(`--tcp ${host}:${port}: only 127.0.0.1 (this machine) may be bound, not ${host}`);
  const server = createServer({ noDelay: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new UserError(
          error.code === "EADDRINUSE"
            ? `--tcp ${port}: that port is in use on ${host}: choose another`
            : `--tcp ${port}: cannot listen on ${host}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return new TcpServerEnd(server);
}

class TcpServerEnd implements TcpLinkEnd {
  readonly url: string;
  private client: Socket | undefined;
  private readonly dataListeners: ((chunk: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private closed = false;

  constructor(private readonly server: Server) {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const host = typeof address === "object" && address?.family === "IPv6" ? `[${address.address}]` : "127.0.0.1";
    this.url = `tcp://${host}:${port}`;
    server.on("connection", (socket) => this.take(socket));
    server.on("error", (error) => this.end(error));
  }

  /** The first client has the link until it goes; another meanwhile is closed at once. */
  private take(socket: Socket): void {
    if (this.client || this.closed) {
      socket.destroy();
      return;
    }
    this.client = socket;
    socket.on("data", (chunk: Buffer) => {
      if (this.client !== socket) return;
      const bytes = new Uint8Array(chunk);
      for (const listener of this.dataListeners) listener(bytes);
    });
    socket.on("error", () => undefined);
    socket.once("close", () => {
      if (this.client === socket) this.client = undefined;
    });
  }

  /** Bytes with no client connected are lost, as a serial line's are with nobody listening. */
  write(data: Uint8Array): Promise<void> {
    const client = this.client;
    if (!client || client.destroyed) return Promise.resolve();
    return new Promise((resolve) => client.write(data, () => resolve()));
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.end(undefined);
  }

  private end(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}
