// Floods of maximal-length and malformed sysex and random bytes at the lander's link: the
// decoder's fixed buffer drops them by count, nothing moves, and the lander answers the next request.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { LANDER_SYSEX, MAX_FRAME_BYTES, Msg, writeCommand } from "../../firmware/protocol/codec";
import { loadBoard } from "../../host-tools/src/boards/load";
import { SimLink } from "../support/sim-link";

describe("attack: flooding the link", () => {
  let link: SimLink | undefined;
  afterEach(() => link?.close());

  it("drops oversized and malformed sysex by count, moves nothing, and still answers", async () => {
    const board = loadBoard("esp32-devkitc");
    link = await SimLink.boot(board);
    await link.advance(500);
    const pwmBefore = link.lander.trace.pwm.length;
    let tried = 0;
    // Sysex far longer than the decoder's buffer, lander-typed so a naive parser would try it.
    const oversized = [0xf0, LANDER_SYSEX, Msg.Start, ...new Array<number>(MAX_FRAME_BYTES * 4).fill(0x55), 0xf7];
    for (let i = 0; i < 20; i++, tried++) await link.send(oversized);
    await link.advance(500);
    expect(link.lander.trace.pwm.length).toBe(pwmBefore);
    // Seeded random byte soup with status bytes, half-finished sysex and stray F7s.
    const soup = fc.sample(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 200, maxLength: 600 }), {
      numRuns: 30,
      seed: 9,
    });
    for (const bytes of soup) {
      await link.send(bytes);
      tried++;
    }
    await link.advance(1000);
    const status = link.lander.status;
    // Whatever the soup spelled out, nothing started (no session was ever opened); a stray 0xFF
    // is Firmata's system reset, which sends the lander to its safe state, as it should.
    expect([Mode.Idle, Mode.Safe]).toContain(status.mode);
    expect(status.fault).toBe(0);
    // Random bytes do spell well-formed Firmata servo writes now and then; the lander was never
    // armed, so they moved nothing.
    expect(status.armed).toBe(false);
    expect(link.lander.trace.pwm.length).toBe(pwmBefore);
    const refusedWrites = link.drain("string").filter((m) => m.text.includes("refused: not armed")).length;
    expect(refusedWrites).toBeGreaterThan(0);
    expect(status.linkDrops.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(20 * MAX_FRAME_BYTES);
    await link.send(writeCommand(link.w, Msg.StatusQuery, 5));
    expect(link.drain("status").at(-1)?.request).toBe(5);
    console.log(
      `link floods: ${tried} sent; oversized ones all dropped; ${refusedWrites} servo or LED writes spelled by chance, all refused (not armed); the lander still answers`,
    );
  });
});
