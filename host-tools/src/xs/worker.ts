import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import type { XsEngine, XsEngineKind, XsMeter, XsReply } from "./engine";
import { NetstringReader, encodeNetstring } from "./netstring";
import { spawnHelper } from "../child-lifetime";

/**
 * Where @agoric/xsnap's install builds xsnap-worker from Moddable's XS sources (with a C
 * compiler), or undefined when that optional dependency is not installed: npm drops it when its
 * build fails, on a machine without a compiler.
 */
export function xsnapWorkerBinary(): string | undefined {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = path.dirname(require.resolve("@agoric/xsnap/package.json"));
  } catch {
    return undefined;
  }
  const platform = process.platform === "darwin" ? "mac" : "lin";
  return path.join(root, "xsnap-native", "xsnap", "build", "bin", platform, "release", "xsnap-worker");
}

/** Whether the native engine is there to run. */
export function nativeXsBuilt(): boolean {
  const bin = xsnapWorkerBinary();
  return bin !== undefined && existsSync(bin);
}

/** Why the native engine is not there, in one line with what to do. */
export function nativeXsMissing(): string {
  const bin = xsnapWorkerBinary();
  return bin === undefined
    ? "@agoric/xsnap is not installed (npm leaves it out when its build fails): install a C compiler and make, then run npm install"
    : `xsnap-worker is missing at ${bin}: run npm install (it builds the XS engine; it needs a C compiler and make)`;
}

/** The xsnap-worker binary, or one clear error when the install did not build it. */
export function xsnapWorkerPath(): string {
  const bin = xsnapWorkerBinary();
  if (bin === undefined || !existsSync(bin)) throw new Error(nativeXsMissing());
  return bin;
}

/**
 * The real XS engine in a child process, driven over its netstring protocol without the SES
 * shims @agoric/xsnap's own API needs. Requests are answered one at a time, in order.
 */
export class XsWorker implements XsEngine {
  readonly kind: XsEngineKind = "native";
  readonly dead: Promise<Error>;
  private markDead!: (error: Error) => void;
  private readonly child: ChildProcess;
  private readonly toXs: Writable;
  private readonly reader = new NetstringReader();
  private readonly waiting: { resolve: (reply: XsReply) => void; reject: (error: Error) => void }[] = [];
  private exited: Error | undefined;
  private stderr = "";

  constructor(name = "farside") {
    this.dead = new Promise((resolve) => (this.markDead = resolve));
    // -l 0 lifts the per-request computation limit: a long mission is one long request.
    // Its own process group, so a terminal's Ctrl-C leaves the simulator answering while farside
    // stops the lander; killed outright should farside die without closing its pipes.
    this.child = spawnHelper(xsnapWorkerPath(), [name, "-l", "0"], "KILL", {
      stdio: ["ignore", "inherit", "pipe", "pipe", "pipe"],
    });
    const stdio = this.child.stdio as unknown as [null, null, Readable, Writable, Readable];
    this.toXs = stdio[3];
    stdio[2].on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    stdio[4].on("data", (chunk: Buffer) => {
      try {
        this.receive(chunk);
      } catch (error) {
        // A garbled reply leaves nothing on this pipe to trust: fail what waits, end the child.
        this.gone(error instanceof Error ? error : new Error(String(error)));
        this.child.kill("SIGKILL");
      }
    });
    // A pipe fails when the child goes away under it: ECONNRESET if it left bytes we sent unread
    // (killed mid-request, or by Ctrl-C, which reaches the whole process group), EPIPE when we
    // write to it. Unhandled, that 'error' would crash the host. The exit that follows says
    // what happened and rejects what waits; should the child live on without its pipe, it can
    // no longer answer, so end it.
    for (const pipe of [stdio[2], stdio[3], stdio[4]]) pipe.on("error", () => this.child.kill("SIGKILL"));
    // Only a child that could not be started (or signalled) reports 'error' without an exit.
    this.child.on("error", (error) => this.gone(new Error(`xsnap-worker failed: ${error.message}`)));
    this.child.on("exit", (code, signal) => {
      this.gone(new Error(`xsnap-worker exited (${signal ?? code})${this.stderr ? `: ${this.stderr.trim()}` : ""}`));
    });
  }

  /** Evaluates a script (a bundle, or an expression) at global scope. */
  evaluate(code: string): Promise<XsReply> {
    return this.send(Buffer.concat([Buffer.from("e"), Buffer.from(code)]));
  }

  /** Calls `globalThis.handleCommand(ArrayBuffer)` inside XS; resolves with the ArrayBuffer it returns. */
  command(payload: Uint8Array): Promise<XsReply> {
    return this.send(Buffer.concat([Buffer.from("?"), payload]));
  }

  /** The child's process id: tests kill it from outside, as Ctrl-C does. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  close(): void {
    this.child.kill();
  }

  private gone(error: Error): void {
    if (!this.exited) this.markDead(error);
    this.exited ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.exited);
  }

  private send(message: Buffer): Promise<XsReply> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.toXs.write(encodeNetstring(message));
    });
  }

  private receive(chunk: Buffer): void {
    for (const message of this.reader.push(chunk)) {
      const kind = String.fromCharCode(message[0]);
      if (kind === "?") {
        // The firmware never calls issueCommand; answer so XS does not block forever.
        this.toXs.write(encodeNetstring(Buffer.from("/")));
        continue;
      }
      const waiter = this.waiting.shift();
      if (!waiter) continue;
      if (kind === "!") {
        waiter.reject(new Error(`XS: ${message.subarray(1).toString()}`));
      } else if (kind === ".") {
        const separator = message.indexOf(1);
        const meter = separator > 0 ? (JSON.parse(message.subarray(1, separator).toString()) as XsMeter) : undefined;
        waiter.resolve({
          reply: message.subarray(separator > 0 ? separator + 1 : 1),
          meter: meter ?? { compute: 0, currentHeapCount: 0, allocate: 0 },
        });
      } else {
        waiter.reject(new Error(`xsnap: unexpected reply ${JSON.stringify(message.toString().slice(0, 40))}`));
      }
    }
  }
}
