// Opening a lander's serial port when another farside may hold it. A farside process that
// opens a port serves it to watchers on its socket (watcher-server.ts); a command that only
// watches attaches there instead of failing with "busy"; one that must fly the lander itself
// learns which farside holds the port. Read-only unless armed: watcher-policy.ts.
import { rmdir } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors";
import type { ByteTransport } from "./byte-transport";
import { attachToHolder, describeHolder } from "./attach-transport";
import { openSerialPort } from "./serial-port";
import { SharedPort } from "./shared-port";
import { serveWatchers } from "./watcher-server";
import { ensureWatcherDir, watcherSocketPath } from "./watcher-socket-path";

/**
 * "hold": the command needs the port to itself (it uploads, arms, flies) and serves it to
 * watchers; "watch": it attaches read-only where another farside holds the port (and holds it
 * otherwise); "drive": as watch, but it may arm the lander and then drive it.
 */
export type PortAccess = "hold" | "watch" | "drive";

export interface SharedOpenOptions {
  readonly baudRate: number;
  readonly access: PortAccess;
  /** What watchers are told holds the port: "farside run". */
  readonly holder: string;
  /** A line for the user when the port cannot be shared (it is still opened). */
  readonly warn: (line: string) => void;
}

export async function openSharedPort(port: string, options: SharedOpenOptions): Promise<ByteTransport> {
  // Unix sockets and their owner-only folder: Linux and macOS.
  if (process.platform === "win32") return openSerialPort(port, { baudRate: options.baudRate });
  let socketPath: string | undefined;
  try {
    socketPath = await watcherSocketPath(port, await ensureWatcherDir());
  } catch (error) {
    options.warn(`${port} is not shared with watchers: ${(error as Error).message}`);
  }
  if (socketPath) {
    const attached = await attachToHolder(socketPath, options.access === "hold" ? "probe" : options.access);
    if (attached && options.access !== "hold") return attached.transport;
    if (attached) {
      await attached.transport.close();
      throw new UserError(
        `serial port ${port} is held by ${describeHolder(attached.holder)} and this command needs it to itself: stop that one first, or watch it with farside monitor --port ${port}`,
      );
    }
  }
  const transport = await openSerialPort(port, { baudRate: options.baudRate }).catch(async (error: unknown) => {
    // Nothing to serve: the folder made for the socket goes again if nothing else is in it.
    if (socketPath) await rmdir(path.dirname(socketPath)).catch(() => undefined);
    throw error;
  });
  if (!socketPath) return transport;
  const shared = new SharedPort(transport, `${options.holder} (pid ${process.pid})`);
  const serve = () => serveWatchers(socketPath, shared, { holder: options.holder, pid: process.pid, port });
  try {
    // A holder of another port that just ended takes the folder with it if it was empty. Caught
    // between that one's rmdir and this one's listen, the error was EACCES once (npm test, 111
    // files in parallel), not ENOENT: either way the folder is made and checked again.
    const server = await serve().catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT" && error.code !== "EACCES") throw error;
      await ensureWatcherDir(path.dirname(socketPath));
      return serve();
    });
    transport.onClose(() => void server.close());
  } catch (error) {
    options.warn(`${port} is not shared with watchers: ${(error as Error).message}`);
  }
  return shared.local;
}
