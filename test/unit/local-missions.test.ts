// missions/local/ is where the README says your own missions live: npm test's lint and
// formatting check (eslint ., prettier --check .) and git must all pass it over.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ESLint } from "eslint";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";

const LOCAL = path.join(REPO_ROOT, "missions", "local");

describe("missions/local/", () => {
  it("is ignored by eslint and prettier as npm test runs them, and by git", async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });
    expect(await eslint.isPathIgnored(path.join(LOCAL, "helper.js"))).toBe(true);
    expect(await eslint.isPathIgnored(path.join(LOCAL, "helper.ts"))).toBe(true);
    const ignorePath = [path.join(REPO_ROOT, ".gitignore"), path.join(REPO_ROOT, ".prettierignore")];
    expect((await prettier.getFileInfo(path.join(LOCAL, "mine.yaml"), { ignorePath })).ignored).toBe(true);
    // The shipped missions next to it are still checked.
    expect((await prettier.getFileInfo(path.join(REPO_ROOT, "missions", "smoke.yaml"), { ignorePath })).ignored).toBe(
      false,
    );
    const ignored = execFileSync("git", ["check-ignore", "missions/local/mine.yaml"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(ignored.trim()).toBe("missions/local/mine.yaml");
  });
});
