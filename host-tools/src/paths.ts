import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The farside checkout this code runs from, found by walking up to package.json, so paths
 * hold both from the TypeScript sources (tests) and from the bundled dist/farside.js.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "boards"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`farside: no checkout above ${start}`);
  }
}

export const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const BOARDS_DIR = path.join(REPO_ROOT, "boards");
export const SIM_BUNDLE = path.join(REPO_ROOT, "dist", "xs", "virtual-lander.js");
