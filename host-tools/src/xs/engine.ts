import { WasmXs } from "./wasm";
import { nativeXsBuilt, nativeXsMissing, XsWorker } from "./worker";

/** What XS reports with every reply: computrons are deterministic, so benchmarks count them. */
export interface XsMeter {
  readonly compute: number;
  readonly currentHeapCount: number;
  /** Bytes XS asked for: slots are half as wide on 32-bit WebAssembly, so this differs by engine. */
  readonly allocate: number;
}

export interface XsReply {
  readonly reply: Buffer;
  readonly meter: XsMeter;
}

/** One XS machine that answers requests one at a time, in order, whichever engine runs it. */
export interface XsEngine {
  readonly kind: XsEngineKind;
  /** Evaluates a script (a bundle, or an expression) at global scope. */
  evaluate(code: string): Promise<XsReply>;
  /** Calls `globalThis.handleCommand(ArrayBuffer)` inside XS; resolves with the ArrayBuffer it returns. */
  command(payload: Uint8Array): Promise<XsReply>;
  close(): void;
  /**
   * Settles when the machine can answer no more: closed, its process gone, or (stack overflow,
   * memory full) thrown away by XS itself. Every later request rejects with the same error.
   */
  readonly dead: Promise<Error>;
}

export const XS_ENGINE_KINDS = ["native", "wasm"] as const;
export type XsEngineKind = (typeof XS_ENGINE_KINDS)[number];

/** Which engine startXs uses, and why: FARSIDE_XS forces one; otherwise native when it was built. */
export function chosenXsEngine(env: NodeJS.ProcessEnv = process.env): { kind: XsEngineKind; why: string } {
  const forced = env.FARSIDE_XS;
  if (forced !== undefined && forced !== "") {
    if (!(XS_ENGINE_KINDS as readonly string[]).includes(forced)) {
      throw new Error(`FARSIDE_XS=${forced}: expected one of ${XS_ENGINE_KINDS.join(", ")}`);
    }
    const kind = forced as XsEngineKind;
    if (kind === "native" && !nativeXsBuilt()) throw new Error(`FARSIDE_XS=native, but ${nativeXsMissing()}`);
    return { kind, why: "FARSIDE_XS" };
  }
  return nativeXsBuilt()
    ? { kind: "native", why: "xsnap-worker is built" }
    : { kind: "wasm", why: "xsnap-worker is not built" };
}

/** Hears each reply's meter, whichever engine and machine gave it. */
export type XsReplyListener = (meter: XsMeter) => void;
const replyListeners = new Set<XsReplyListener>();

/**
 * Hears every reply of every machine startXs starts from now on, until the returned function is
 * called: the test suite holds the two engines to the same computrons with it, test by test.
 */
export function onEveryXsReply(listener: XsReplyListener): () => void {
  replyListeners.add(listener);
  return () => replyListeners.delete(listener);
}

/** Starts an XS machine on the engine chosenXsEngine names. */
export function startXs(name = "farside", env: NodeJS.ProcessEnv = process.env): XsEngine {
  const engine = chosenXsEngine(env).kind === "native" ? new XsWorker(name) : new WasmXs();
  return tapped(engine);
}

function tapped(engine: XsEngine): XsEngine {
  const heard = (reply: XsReply): XsReply => {
    for (const listener of replyListeners) listener(reply.meter);
    return reply;
  };
  return {
    kind: engine.kind,
    dead: engine.dead,
    evaluate: (code) => engine.evaluate(code).then(heard),
    command: (payload) => engine.command(payload).then(heard),
    close: () => engine.close(),
  };
}
