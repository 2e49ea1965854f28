// Where the farside process holding a lander's port serves it to watchers: a Unix socket in a
// folder only this user can enter, named after the port's real path, so the same port reached
// by two names (a symlink and its /dev/pts node) gives one socket and two ports give two.
import { createHash } from "node:crypto";
import { lstat, mkdir, realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** $XDG_RUNTIME_DIR/farside where the session has one (it is the user's alone), else the temp folder. */
export function watcherDir(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime) return path.join(runtime, "farside");
  return path.join(tmpdir(), `farside-${process.getuid?.() ?? "user"}`);
}

/**
 * Makes the folder (0700) and checks that it is this user's own folder that nobody else can
 * enter: a folder another user made first under /tmp could hand a watcher their socket instead.
 */
export async function ensureWatcherDir(dir = watcherDir()): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw new Error(`${dir} belongs to another user`);
  if ((info.mode & 0o077) !== 0)
    throw new Error(`${dir} is open to other users (mode ${(info.mode & 0o777).toString(8)})`);
  return dir;
}

/**
 * The socket for `port`: its device's name (for a person reading the folder) and a hash of its
 * real path (for uniqueness), short enough for the 104-byte limit on a socket's path.
 */
export async function watcherSocketPath(port: string, dir: string): Promise<string> {
  const real = await realpath(port).catch(() => path.resolve(port));
  const hash = createHash("sha256").update(real).digest("hex").slice(0, 16);
  const device = path
    .basename(real)
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .slice(0, 16);
  return path.join(dir, `${device}-${hash}.sock`);
}
