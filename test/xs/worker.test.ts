// The XS engine's child process going away under its host: killed from outside (Ctrl-C reaches
// the whole process group), or closed by us mid-request. Its pipes then fail (ECONNRESET on a
// pipe it left bytes unread in, EPIPE on a write to it); that must reject what waits, never
// throw out of the process. Vitest fails the run on any uncaught error, so these tests would too.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { XsWorker, nativeXsBuilt } from "../../host-tools/src/xs/worker";

/**
 * Blocks this event loop until the kernel has ended `pid` (a zombie, not yet reaped): its pipes
 * are closed, yet Node has not seen its exit, as when a pipe fails before "exit" arrives.
 */
function waitForDeathBlocking(pid: number): void {
  const deadline = Date.now() + 10_000;
  while (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z") {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not die`);
  }
}

// The native engine's own child process: a machine that installed without building it has none.
describe.skipIf(!nativeXsBuilt())("XsWorker when its child goes away", () => {
  let worker: XsWorker | undefined;
  afterEach(() => worker?.close());

  it.runIf(process.platform === "linux")(
    "rejects pending and later requests as exited when the child is killed, without an uncaught pipe error",
    async () => {
      worker = new XsWorker("killed");
      // One request XS never finishes, and one queued behind it: its bytes stay unread in the
      // child's pipe, so the kill resets the pipe (ECONNRESET) for our side.
      const busy = worker.evaluate("for (;;) {}");
      const queued = worker.evaluate("1");
      process.kill(worker.pid!, "SIGKILL");
      waitForDeathBlocking(worker.pid!);
      // The child is gone but its exit not yet seen: this write meets a closed pipe (EPIPE).
      const late = worker.evaluate("2");
      for (const request of [busy, queued, late]) {
        await expect(request).rejects.toThrow(/^xsnap-worker exited \(SIGKILL\)/);
      }
      // Once its exit is known, a request is refused at once.
      await expect(worker.evaluate("3")).rejects.toThrow(/^xsnap-worker exited/);
    },
  );

  it("rejects a request in progress when closed", async () => {
    worker = new XsWorker("closed");
    expect((await worker.evaluate("6 * 7")).reply.length).toBeGreaterThanOrEqual(0);
    const busy = worker.evaluate("for (;;) {}");
    const queued = worker.evaluate("1");
    worker.close();
    await expect(busy).rejects.toThrow(/^xsnap-worker exited \(SIGTERM\)/);
    await expect(queued).rejects.toThrow(/^xsnap-worker exited \(SIGTERM\)/);
  });
});
