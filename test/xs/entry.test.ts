// firmware/main.ts is what the simulator runs, booted as Moddable boots it on the ESP32: what a
// build gets wrong there (the wrong LEDC channels, a debug build's UART0) shows here too.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { loadBoard } from "../../host-tools/src/boards/load";
import { DEFAULT_LEDC_CHANNEL_MAP } from "../../host-tools/src/boards/chips";
import { VirtualLander } from "../../host-tools/src/sim/virtual-lander";

const board = loadBoard("esp32-devkitc");
const ESP_RST_SW = 3;
/** Firmata REPORT_VERSION: the first thing the lander's link says at boot. */
const REPORT_VERSION = 0xf9;

function bytesSent(lander: VirtualLander): number[] {
  return lander.trace.serial.filter((_, i) => i % 2 === 1);
}

describe("the firmware's entry point on the virtual chip", () => {
  let lander: VirtualLander | undefined;
  afterEach(() => lander?.close());

  it("boots through main.ts and greets its host after the ROM's banner", async () => {
    lander = await VirtualLander.boot(board);
    await lander.advance(100);
    expect(lander.status.booting).toBe(false);
    expect(lander.status.crash).toBeUndefined();
    const text = Buffer.from(bytesSent(lander)).toString("latin1");
    expect(text.startsWith("ets ")).toBe(true);
    expect(text).toContain("rst:0x1 (POWERON_RESET)");
    expect(bytesSent(lander)).toContain(REPORT_VERSION);
  });

  it("restarts in a loop, never greeting, when the build leaves Moddable's PWM its default four channels", async () => {
    // The audit's A1: the fifth servo output throws "no ledc channel" out of main.
    lander = await VirtualLander.boot(board, { ledcChannelMap: DEFAULT_LEDC_CHANNEL_MAP });
    await lander.advance(2000);
    expect(lander.status.crash).toContain("no ledc channel");
    const resets = lander.trace.events.filter((e) => e.type === "reset");
    expect(resets.length).toBeGreaterThanOrEqual(5);
    expect(resets.every((e) => e.value === ESP_RST_SW)).toBe(true);
    expect(bytesSent(lander)).not.toContain(REPORT_VERSION);
  });

  it("runs without a link in a debug build, whose xsbug owns UART0, and its start button still works", async () => {
    lander = await VirtualLander.boot(board, { debugBuild: true });
    await lander.advance(200);
    expect(lander.status.crash).toBeUndefined();
    expect(lander.status.booting).toBe(false);
    expect(bytesSent(lander)).not.toContain(REPORT_VERSION);
    await lander.press(board.start);
    await lander.advance(500);
    expect(lander.status.mode).toBe(Mode.Running);
  });
});
