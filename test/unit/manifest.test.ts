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

/** Firmware modules the manifest maps under a name of their own (embedded:provider/builtin), by file. */
const named = new Map(
  Object.entries(manifest.modules)
    .filter(([specifier, file]) => !specifier.endsWith("*") && file.startsWith("./firmware/"))
    .map(([specifier, file]) => [file.slice("./firmware/".length), specifier]),
);

describe("manifest.json", () => {
  it("preloads every firmware module except the type-only platform seam", () => {
    const expected = firmwareModules()
      .filter((name) => name !== "platform/host")
      .map((name) => named.get(name) ?? name);
    expect([...manifest.preload].sort()).toEqual(expected.sort());
  });

  it("maps every firmware folder to a module path, or each of its modules to a name", () => {
    const folders = new Set(firmwareModules().map((name) => name.split("/")[0]));
    for (const folder of folders) {
      const modules = firmwareModules().filter((name) => name.startsWith(`${folder}/`));
      if (modules.every((name) => named.has(name))) continue;
      expect(manifest.modules[`${folder}/*`]).toBe(`./firmware/${folder}/*`);
    }
  });

  it("maps embedded:provider/builtin to the firmware's own provider", () => {
    expect(named.get("provider/builtin")).toBe("embedded:provider/builtin");
  });

  it("ships every board file as a resource", () => {
    const boards = readdirSync(BOARDS_DIR)
      .filter((file) => file.endsWith(".json") && file !== "board.schema.json")
      .map((file) => `./boards/${file.slice(0, -5)}`);
    expect([...manifest.data["*"]!].sort()).toEqual(boards.sort());
  });
});
