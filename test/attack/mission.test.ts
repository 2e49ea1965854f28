// A mission compiled for another board, or for this board before its file changed, must be
// refused by the lander itself (whatever the host checked), with a reason, and nothing may move.
import { afterEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import {
  crc32,
  Msg,
  Result,
  writeCommand,
  writeHello,
  writeUploadBegin,
  writeUploadChunk,
} from "../../firmware/protocol/codec";
import { Phase } from "../../firmware/sequence/phases";
import { Easing } from "../../firmware/servo/easing";
import { Refusal } from "../../firmware/lander/refusal";
import { boardHash } from "../../host-tools/src/boards/hash";
import { loadBoard } from "../../host-tools/src/boards/load";
import { ABORT_EVERYWHERE, compiled } from "../support/missions";
import { SimLink } from "../support/sim-link";

const devkit = loadBoard("esp32-devkitc");
const steps = [
  { kind: "selftest", phase: Phase.SelfTest },
  { kind: "pose", phase: Phase.SelfTest, pose: "ready", ms: 0, easing: Easing.Trapezoid },
] as const;

describe("attack: a mission for another board", () => {
  let link: SimLink | undefined;
  afterEach(() => link?.close());

  it.each([
    ["another board", compiled([...steps], "s3 mission", ABORT_EVERYWHERE, loadBoard("esp32-s3-devkitc-1"))],
    [
      "this board before its limits changed",
      compiled([...steps], "old geometry", ABORT_EVERYWHERE, {
        ...devkit,
        joints: { ...devkit.joints, shoulder: { ...devkit.joints.shoulder, maxAngle: 175 } },
      }),
    ],
  ])("refuses a mission made for %s, says which, and nothing moves", async (name, mission) => {
    link = await SimLink.boot(devkit);
    await link.send(writeHello(link.w, 1, false));
    await link.send(writeUploadBegin(link.w, 2, mission.length, crc32(mission)));
    await link.send(writeUploadChunk(link.w, 0, crc32(mission), mission, 0, mission.length));
    const done = link.drain("upload-done")[0];
    expect(done).toMatchObject({ result: Result.Refused, refusal: Refusal.OtherBoard, detail: boardHash(devkit) });
    expect(link.drain("string").map((m) => m.text)).toEqual([
      expect.stringMatching(/^mission refused: board hash [0-9a-f]{8}, mine [0-9a-f]{8}$/),
    ]);
    // Nothing of the refused mission ran or moved, and the lander still answers.
    const pwmBefore = link.lander.trace.pwm.length;
    await link.advance(1000);
    expect(link.lander.trace.pwm.length).toBe(pwmBefore);
    expect(link.lander.status.mode).toBe(Mode.Idle);
    await link.send(writeCommand(link.w, Msg.StatusQuery, 3));
    expect(link.drain("status")).toHaveLength(1);
    console.log(`mission attack (made for ${name}): 1 tried, 1 refused, nothing moved`);
  });
});
