// farside build against a stand-in SDK: the mcconfig command line and folder must be exactly
// what the Moddable SDK expects, and a missing SDK must be explained, not crashed on.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host-tools/src/paths";

const sdk = mkdtempSync(path.join(tmpdir(), "farside-sdk-"));
afterAll(() => rmSync(sdk, { recursive: true, force: true }));

function farside(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "farside.js"), ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** An mcconfig that records how it was called and exits with `code`. */
function fakeSdk(code: number): NodeJS.ProcessEnv {
  mkdirSync(path.join(sdk, "typings"), { recursive: true });
  mkdirSync(path.join(sdk, "bin"), { recursive: true });
  const script = path.join(sdk, "bin", "mcconfig");
  writeFileSync(script, `#!/bin/sh\necho "$PWD|$*" > "${path.join(sdk, "called")}"\nexit ${code}\n`);
  chmodSync(script, 0o755);
  return { MODDABLE: sdk, IDF_PATH: sdk, PATH: `${path.join(sdk, "bin")}:${process.env.PATH}` };
}

describe("farside build", () => {
  it("explains in a few lines how to install the SDK when there is none", () => {
    const { code, out, err } = farside({}, "build");
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(/^farside: farside build needs the Moddable SDK/);
    expect(err).toContain("npm install -g xs-dev");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("runs mcconfig for the board's target with this manifest, building without flashing", () => {
    const { code, out } = farside(fakeSdk(0), "build", "--board", "esp32-s3-devkitc-1");
    expect(code).toBe(0);
    expect(readFileSync(path.join(sdk, "called"), "utf8").trim()).toBe(
      `${REPO_ROOT}|-m -p esp32/esp32s3 -t build manifest.json board=esp32-s3-devkitc-1`,
    );
    expect(out).toContain(
      `built release firmware for esp32-s3-devkitc-1 in ${path.join(sdk, "build", "bin", "esp32", "esp32s3", "release", path.basename(REPO_ROOT))}`,
    );
    farside(fakeSdk(0), "build", "--debug");
    expect(readFileSync(path.join(sdk, "called"), "utf8").trim()).toBe(
      `${REPO_ROOT}|-m -d -p esp32 -t build manifest.json board=esp32-devkitc`,
    );
  });

  it("fails in one line when mcconfig fails", () => {
    const { code, err } = farside(fakeSdk(3), "build");
    expect(code).toBe(2);
    expect(err).toBe("farside: mcconfig failed (exit 3): see its output above\n");
  });
});
