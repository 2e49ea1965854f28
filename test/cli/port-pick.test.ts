// Commands given neither --port nor --sim, as a user runs them, with the system's real port list.
// This machine has no USB serial adapter: every such command refuses in one line, exit 2.
import { describe, expect, it } from "vitest";
import { farside } from "../support/cli";
import { listSerialPorts } from "../../host-tools/src/link/port-list";
import { choosePort } from "../../host-tools/src/link/port-pick";

const noAdapter = choosePort(await listSerialPorts()).kind === "none";

describe.skipIf(!noAdapter)("without --port, on a machine with no USB serial adapter", () => {
  const NONE =
    /^farside: no USB serial adapter found: plug the board in \(and check the cable carries data\), or give --port PATH( or --sim)?( \(serial ports here: [^)]+\))?\n$/;

  it.each([
    [["status"], false],
    [["flash"], false],
    [["upload", "missions/smoke.yaml"], false],
    [["run", "--mission", "missions/smoke.yaml"], true],
    [["replay", "missions/smoke.yaml"], true],
    [["monitor"], true],
    [["dashboard"], true],
  ])("farside %s says so in one line and exits 2", async (args, sim) => {
    const { code, out, err } = await farside(...args);
    expect({ code, out }).toEqual({ code: 2, out: "" });
    expect(err).toMatch(NONE);
    expect(err.includes("or --sim")).toBe(sim);
  });

  it("ports says plainly that no adapter is there", async () => {
    const { code, out } = await farside("ports");
    expect(code).toBe(0);
    expect(out).toContain(
      "no USB serial adapter found: plug the board in (and check the cable carries data); a simulated lander (farside sim) prints its own port\n",
    );
    expect(out).not.toContain("<- farside picks this one");
  });
});
