import { afterEach, describe, expect, it } from "vitest";
import { PROTOCOL_MAJOR } from "../../firmware/protocol/codec";
import { Mode } from "../../firmware/lander/status";
import { openTarget, type HilTarget } from "./support/target";

describe("HIL: handshake", () => {
  let target: HilTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it("opens a session with the board it claims to be, answers status, and opens again after goodbye", async () => {
    target = await openTarget();
    const client = await target.connect();
    expect(client.info?.boardId).toBe(target.board.id);
    expect(client.info?.protocol.split(".")[0]).toBe(String(PROTOCOL_MAJOR));
    expect(client.info?.firmwareVersion).toMatch(/^\d+\.\d+$/);
    const status = await client.status();
    expect([Mode.Idle, Mode.Safe, Mode.Complete]).toContain(status.mode);
    expect(status.estop).toBe(false);
    await client.close();
    const again = await target.connect();
    expect(again.info?.boardId).toBe(target.board.id);
    const later = await again.status();
    expect(later.nowMs).toBeGreaterThanOrEqual(status.nowMs);
  });

  it("streams telemetry at the rate the host asks for", async () => {
    target = await openTarget({ speed: 1 });
    const client = await target.connect();
    const frames: number[] = [];
    client.on("telemetry", (t) => frames.push(t.nowMs));
    await client.setTelemetry(100);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(frames.length).toBeGreaterThanOrEqual(8);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100);
    expect(Math.min(...gaps)).toBeLessThanOrEqual(120);
  });
});
