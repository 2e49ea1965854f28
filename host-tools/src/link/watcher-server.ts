// The holder's side of "one port, many watchers": a Unix socket (owner-only, in the user's own
// folder, watcher-socket-path.ts) where other farside processes attach to the port this one
// holds. Each connection starts with one line each way (what the watcher wants, who holds the
// port), then carries Firmata bytes both ways through the SharedPort.
import { rmdirSync, unlinkSync } from "node:fs";
import { chmod, rmdir, unlink } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type { SharedPort } from "./shared-port";

/** Who holds a port, as the holder tells each watcher. */
export interface HolderInfo {
  /** The holding command: "farside run". */
  readonly holder: string;
  readonly pid: number;
  /** The port as the holder named it. */
  readonly port: string;
}

/** How a watcher opens the conversation: then "watch", "drive" or "probe" (who holds it?) and a newline. */
export const ATTACH_GREETING = "farside-attach 1";
export type AttachMode = "watch" | "drive" | "probe";

/** Longer than any greeting: a peer that sends more before its newline is no farside. */
const MAX_GREETING = 64;
const GREETING_MS = 2000;
/** A watcher that stops reading is let go rather than buffered without end. */
const MAX_UNREAD_BYTES = 1 << 20;

export interface WatcherServer {
  readonly path: string;
  close(): Promise<void>;
}

export async function serveWatchers(socketPath: string, shared: SharedPort, info: HolderInfo): Promise<WatcherServer> {
  // A socket left behind by a farside that was killed: this process holds the port now (its
  // lock says so), so whatever served it before is gone.
  await unlink(socketPath).catch(() => undefined);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    greet(socket, shared, info);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.unref();
  // The folder is the user's alone already; the socket says so too.
  await chmod(socketPath, 0o600);
  const removeOnExit = (): void => {
    try {
      unlinkSync(socketPath);
      rmdirSync(path.dirname(socketPath));
    } catch {
      // Already gone, or another port is served from the folder.
    }
  };
  process.on("exit", removeOnExit);
  let closing: Promise<void> | undefined;
  return {
    path: socketPath,
    close: () =>
      (closing ??= (async () => {
        process.off("exit", removeOnExit);
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await unlink(socketPath).catch(() => undefined);
        // The folder goes too once no port is served from it, so a holder leaves nothing behind.
        await rmdir(path.dirname(socketPath)).catch(() => undefined);
      })()),
  };
}

/** Reads the watcher's greeting, answers who holds the port, then joins it to the port. */
function greet(socket: net.Socket, shared: SharedPort, info: HolderInfo): void {
  let line = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), GREETING_MS);
  timer.unref();
  const onGreeting = (chunk: Buffer): void => {
    line = Buffer.concat([line, chunk]);
    const end = line.indexOf(0x0a);
    if (end < 0) {
      if (line.length > MAX_GREETING) socket.destroy();
      return;
    }
    clearTimeout(timer);
    socket.off("data", onGreeting);
    const [greeting, mode] = splitGreeting(line.subarray(0, end).toString("latin1"));
    if (greeting !== ATTACH_GREETING || !mode) {
      socket.destroy();
      return;
    }
    socket.write(`${JSON.stringify(info)}\n`);
    if (mode === "probe") {
      socket.end();
      return;
    }
    join(socket, shared, mode === "drive", line.subarray(end + 1));
  };
  socket.on("data", onGreeting);
}

function splitGreeting(text: string): [string, AttachMode | undefined] {
  const at = text.lastIndexOf(" ");
  const mode = text.slice(at + 1);
  const known = mode === "watch" || mode === "drive" || mode === "probe";
  return [text.slice(0, at), known ? mode : undefined];
}

function join(socket: net.Socket, shared: SharedPort, drive: boolean, first: Uint8Array): void {
  const handle = shared.attach(
    (bytes) => {
      if (socket.destroyed) return;
      socket.write(bytes);
      if (socket.writableLength > MAX_UNREAD_BYTES) socket.destroy();
    },
    () => socket.end(),
    drive,
  );
  socket.on("close", () => handle.detach());
  socket.on("data", (chunk: Buffer) => handle.push(chunk));
  if (first.length > 0) handle.push(first);
}
