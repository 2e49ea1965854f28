import { readFileSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { XsEngine, XsEngineKind, XsReply } from "./engine";

/** The build script's output (scripts/build-xs-wasm.sh), committed beside the embedding's C. */
export function xsWasmDirectory(): string {
  // CI points this at a fresh build to hold it to the committed one (.ci/run).
  const rebuilt = process.env.FARSIDE_XS_WASM_DIR;
  if (rebuilt) return rebuilt;
  // Bundled into dist/farside.js or run from host-tools/src/xs: both find the repo's host-tools.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "host-tools", "xs-wasm", "dist");
    if (existsDir(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("host-tools/xs-wasm/dist is missing: run npm run build:xs-wasm");
    dir = parent;
  }
}

function existsDir(dir: string): boolean {
  try {
    return readFileSync(path.join(dir, "xs.wasm")).length > 0;
  } catch {
    return false;
  }
}

/** What the emscripten glue gives back: the exports of xs-wasm.c and the memory they share. */
interface XsModule {
  HEAPU8: Uint8Array;
  _fxWasmCreate(): number;
  _fxWasmInput(size: number): number;
  _fxWasmRun(command: number, length: number): number;
  _fxWasmReply(): number;
  _fxWasmReplyLength(): number;
  _fxWasmCompute(): number;
  _fxWasmHeapCount(): number;
  _fxWasmAllocate(): number;
}
type CreateXs = (options: {
  /** Emscripten's hook: instantiates the module itself, here from the one compiled module. */
  instantiateWasm: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
  print: (line: string) => void;
  printErr: (line: string) => void;
}) => Promise<XsModule>;

const RUN_OK = 0;
const RUN_EXCEPTION = 1;

/**
 * V8 compiles a function as large as XS's bytecode loop with its faster-compiling, slower-running
 * register allocator; with the full one the simulator ran about 20 % faster here (change6 through
 * the pty, one run of three each). The flag is read when a function is compiled, so it is set
 * before the engine's first compile. It touches only how huge functions are compiled.
 */
const V8_FLAGS = "--no-turbo-use-mid-tier-regalloc-for-huge-functions";

interface Glue {
  readonly createXs: CreateXs;
  /** Compiled once: every machine is an instance of it, and shares the code V8 optimised for the last. */
  readonly module: WebAssembly.Module;
}

let compiled: Promise<Glue> | undefined;
function loadGlue(): Promise<Glue> {
  compiled ??= (async () => {
    setFlagsFromString(V8_FLAGS);
    const dir = xsWasmDirectory();
    const glue = (await import(pathToFileURL(path.join(dir, "xs.mjs")).href)) as { default: CreateXs };
    // Compiled here and instantiated through instantiateWasm: the 3.1.6 glue, left to load the
    // binary itself, would call fetch() on a file path under Node.
    return { createXs: glue.default, module: await WebAssembly.compile(readFileSync(path.join(dir, "xs.wasm"))) };
  })();
  return compiled;
}

/**
 * XS compiled to WebAssembly, one machine per instance, in this process: no compiler needed at
 * install and no pipe per request. A request runs to its end before any other JS does, so a
 * script that never ends blocks the host (the native engine's child can be killed instead).
 */
export class WasmXs implements XsEngine {
  readonly kind: XsEngineKind = "wasm";
  readonly dead: Promise<Error>;
  private readonly module: Promise<XsModule>;
  private queue: Promise<unknown> = Promise.resolve();
  private gone: Error | undefined;
  private markDead!: (error: Error) => void;

  constructor() {
    this.dead = new Promise((resolve) => (this.markDead = resolve));
    this.module = loadGlue().then(async ({ createXs, module: compiledModule }) => {
      // The glue has no way to fail an instantiation it handed over: this race is that way.
      let failed: (error: unknown) => void = () => undefined;
      const instantiationFailed = new Promise<never>((_, reject) => (failed = reject));
      const created = createXs({
        instantiateWasm: (imports, receive) => {
          WebAssembly.instantiate(compiledModule, imports).then(
            (instance) => receive(instance, compiledModule),
            failed,
          );
          // Emscripten's convention: an empty object says the instance comes later, through receive.
          return {};
        },
        print: (line) => process.stdout.write(`${line}\n`),
        printErr: (line) => process.stderr.write(`${line}\n`),
      });
      const module = await Promise.race([created, instantiationFailed]);
      if (!module._fxWasmCreate()) throw new Error("XS (WebAssembly) could not create its machine");
      return module;
    });
    // A failure to start surfaces on the first request; the dead signal says it as well.
    this.module.catch((error: unknown) => this.die(error instanceof Error ? error : new Error(String(error))));
  }

  evaluate(code: string): Promise<XsReply> {
    return this.send("e", Buffer.from(code));
  }

  command(payload: Uint8Array): Promise<XsReply> {
    return this.send("?", payload);
  }

  close(): void {
    this.die(new Error("XS (WebAssembly) closed"));
  }

  private die(error: Error): void {
    if (this.gone) return;
    this.gone = error;
    this.markDead(error);
  }

  private send(kind: "e" | "?", bytes: Uint8Array): Promise<XsReply> {
    const result = this.queue.then(async () => {
      const module = await this.module;
      if (this.gone) throw this.gone;
      return this.run(module, kind, bytes);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private run(module: XsModule, kind: "e" | "?", bytes: Uint8Array): XsReply {
    const input = module._fxWasmInput(bytes.length);
    module.HEAPU8.set(bytes, input);
    const status = module._fxWasmRun(kind.charCodeAt(0), bytes.length);
    // Read the heap only now: the request may have grown memory, which replaces HEAPU8.
    const at = module._fxWasmReply();
    const reply = Buffer.from(module.HEAPU8.subarray(at, at + module._fxWasmReplyLength()));
    if (status === RUN_EXCEPTION) throw new Error(`XS: ${reply.toString()}`);
    if (status !== RUN_OK) {
      // Stack overflow or memory full: xsnap-worker exits here; this machine is as unusable.
      this.die(new Error(`XS (WebAssembly) aborted: ${reply.toString() || `status ${status}`}`));
      throw this.gone;
    }
    return {
      reply,
      meter: {
        compute: module._fxWasmCompute() >>> 0,
        currentHeapCount: module._fxWasmHeapCount(),
        allocate: module._fxWasmAllocate() >>> 0,
      },
    };
  }
}
