// The manifest's creation sizes must cover what the firmware really holds live. XS counts heap
// slots exactly, so the test measures a lander that has run a whole sampling sequence against
// an engine holding only the code, and fails the day the firmware outgrows the heap the
// manifest gives it on the ESP32 (where preloaded code sits in flash, not in the heap).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBoard } from "../../host-tools/src/boards/load";
import { REPO_ROOT, SIM_BUNDLE } from "../../host-tools/src/paths";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";
import { startXs, type XsEngine } from "../../host-tools/src/xs/engine";

interface Manifest {
  readonly creation: { readonly heap: { readonly initial: number; readonly incremental: number } };
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "manifest.json"), "utf8")) as Manifest;

describe("firmware memory in XS", () => {
  let lander: VirtualLander | undefined;
  let codeOnly: XsEngine | undefined;
  afterEach(() => {
    lander?.close();
    codeOnly?.close();
  });

  async function slotsOfCodeAlone(): Promise<number> {
    codeOnly = startXs("code-only");
    await codeOnly.evaluate(readFileSync(SIM_BUNDLE, "utf8"));
    return (await codeOnly.evaluate("gc()")).meter.currentHeapCount;
  }

  it("after a whole sampling run the lander's live data fits the manifest's initial heap", async () => {
    const code = await slotsOfCodeAlone();
    const board = loadBoard("esp32-s3-devkitc-1");
    lander = await VirtualLander.boot(board);
    await lander.advance(1000);
    await lander.press(board.start);
    await lander.advance(200_000);
    const liveData = (await lander.probeHeap(0)) - code;
    // Lower bound: the board config, servos and sequence really are in the count.
    expect(liveData).toBeGreaterThan(500);
    expect(liveData).toBeLessThanOrEqual(manifest.creation.heap.initial);
  });

  it("once every phase has run, running on allocates nothing that lives", async () => {
    const board = loadBoard("esp32-devkitc");
    lander = await VirtualLander.boot(board);
    await lander.press(board.start);
    await lander.advance(200_000);
    const afterRun = await lander.probeHeap(0);
    await lander.advance(100_000);
    expect(await lander.probeHeap(0)).toBe(afterRun);
  });
});
