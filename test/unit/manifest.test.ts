// mcconfig ignores wildcard preloads for TypeScript modules, so every module is named in the
// manifest; a module added to firmware/ without its preload entry would silently cost RAM.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOARDS_DIR, REPO_ROOT } from "../../host-tools/src/paths";

interface Manifest {
  readonly modules: Record<string, string>;
  readonly preload: readonly string[];
  readonly data: Record<string, readonly string[]>;
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "manifest.json"), "utf8")) as Manifest;
const firmwareDir = path.join(REPO_ROOT, "firmware");

function firmwareModules(): string[] {
  const found: string[] = [];
  for (const folder of readdirSync(firmwareDir)) {
    const full = path.join(firmwareDir, folder);
    if (!statSync(full).isDirectory() || folder === "typings") continue;
    for (const file of readdirSync(full)) {
      if (file.endsWith(".ts") && !file.endsWith(".d.ts")) found.push(`${folder}/${file.slice(0, -3)}`);
    }
  }
  return found.sort();
}

describe("manifest.json", () => {
  it("preloads every firmware module except the type-only platform seam", () => {
    const expected = firmwareModules().filter((name) => name !== "platform/host");
    expect([...manifest.preload].sort()).toEqual(expected);
  });

  it("maps every firmware folder to a module path", () => {
    const folders = new Set(firmwareModules().map((name) => name.split("/")[0]));
    for (const folder of folders) expect(manifest.modules[`${folder}/*`]).toBe(`./firmware/${folder}/*`);
  });

  it("ships every board file as a resource", () => {
    const boards = readdirSync(BOARDS_DIR)
      .filter((file) => file.endsWith(".json") && file !== "board.schema.json")
      .map((file) => `./boards/${file.slice(0, -5)}`);
    expect([...manifest.data["*"]!].sort()).toEqual(boards.sort());
  });
});
