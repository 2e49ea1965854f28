// A mission saved on Windows ends its lines with CRLF: it must compile to the same bytes as the
// same file with LF, and its problems must sit at the same line and column.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../host-tools/src/errors";
import { loadMission } from "../../host-tools/src/mission/load";
import { REPO_ROOT } from "../../host-tools/src/paths";

const dir = mkdtempSync(path.join(tmpdir(), "farside-crlf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const smoke = readFileSync(path.join(REPO_ROOT, "missions/smoke.yaml"), "utf8");
const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");

function problems(name: string, text: string): string[] {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  try {
    loadMission(file);
    return [];
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.message.split("\n").map((line) => line.replace(file, "FILE"));
  }
}

describe("missions with Windows line endings", () => {
  it("compile to the same bytes as with LF", () => {
    writeFileSync(path.join(dir, "lf.yaml"), smoke);
    writeFileSync(path.join(dir, "crlf.yaml"), crlf(smoke));
    expect(smoke).toContain("\n");
    expect(Buffer.from(loadMission(path.join(dir, "crlf.yaml")).bytes)).toEqual(
      Buffer.from(loadMission(path.join(dir, "lf.yaml")).bytes),
    );
  });

  it("place their problems at the same line and column", () => {
    const broken = smoke.replace("300rpm", "300 furlongs");
    expect(broken).not.toBe(smoke);
    const withLf = problems("broken-lf.yaml", broken);
    expect(withLf.length).toBeGreaterThan(0);
    expect(withLf[0]).toMatch(/^FILE:\d+:\d+: unknown unit "furlongs"/);
    expect(problems("broken-crlf.yaml", crlf(broken))).toEqual(withLf);
  });
});
