// The link reaches the lander only through LanderControl, and LanderControl holds only what the
// link uses: a narrow input port, checked on the sources.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";

const LINK_DIR = path.join(REPO_ROOT, "firmware/link");
const linkSources = readdirSync(LINK_DIR)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => ({ file, text: readFileSync(path.join(LINK_DIR, file), "utf8") }));

/** The member names LanderControl declares. */
function controlMembers(): string[] {
  const text = readFileSync(path.join(REPO_ROOT, "firmware/lander/lander-control.ts"), "utf8");
  const body = text.slice(text.indexOf("export interface LanderControl"));
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)[(:]/gm)].map((m) => m[1]!);
}

describe("the lander's input port", () => {
  it("is all the link imports of the lander, and as types only", () => {
    for (const { file, text } of linkSources) {
      expect(text, file).not.toMatch(/from "\.\.\/lander\/lander"/);
      for (const line of text.split("\n").filter((l) => l.includes('from "../lander/lander-control"'))) {
        expect(line, file).toMatch(/^import type /);
      }
    }
  });

  it("declares nothing the link does not use", () => {
    const members = controlMembers();
    expect(members.length).toBeGreaterThan(20);
    const link = linkSources.map((s) => s.text).join("\n");
    for (const member of members) expect(link, member).toMatch(new RegExp(`lander\\.${member}\\b`));
  });
});
