// Holds the two XS engines to the same computrons test by test, across the whole XS suite. Each
// run of a file in test/xs/ writes what each of its tests cost in XS (computrons summed over every
// reply, and how many replies) to test-artifacts/xs-ledger/<engine>/<file>.json. The run on
// WebAssembly (npm run test:xs-wasm, after the native run in npm test) compares its figures with
// the native run's ledger of the same file, written from the same bundles and test source, and
// fails the file on any difference. A ledger from other sources (an edit since) or of other
// random cases (seededPerRun) is not compared.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { REPO_ROOT, SIM_BUNDLE } from "../../host-tools/src/paths";
import { chosenXsEngine, onEveryXsReply, type XsEngineKind } from "../../host-tools/src/xs/engine";

interface TestCost {
  computrons: number;
  replies: number;
}

interface Ledger {
  /** The bundles XS ran and the test file itself: two ledgers compare only when these match. */
  readonly fingerprint: string;
  readonly tests: Record<string, TestCost>;
}

const LEDGERS = path.join(REPO_ROOT, "test-artifacts", "xs-ledger");
const seeds: string[] = [];

/**
 * A test file that draws new random cases each run says its seed here: its ledger then compares
 * only with a run of the same seed (FARSIDE_MODEL_SEED on both runs, say), not with any other.
 */
export function seededPerRun(seed: number): void {
  seeds.push(String(seed));
}
const HARNESSES = path.join(REPO_ROOT, "dist", "test");

function fingerprint(testFile: string): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(testFile));
  hash.update(readFileSync(SIM_BUNDLE));
  hash.update(seeds.join(","));
  if (existsSync(HARNESSES))
    for (const name of readdirSync(HARNESSES).sort()) hash.update(readFileSync(path.join(HARNESSES, name)));
  return hash.digest("hex");
}

const ledgerPath = (kind: XsEngineKind, testFile: string): string =>
  path.join(LEDGERS, kind, `${path.relative(REPO_ROOT, testFile).replace(/[\\/]/g, "__")}.json`);

/** The first differences between two ledgers, one line each. */
export function ledgerDifferences(native: Ledger["tests"], wasm: Ledger["tests"]): string[] {
  const names = [...new Set([...Object.keys(native), ...Object.keys(wasm)])].sort();
  const differences: string[] = [];
  for (const name of names) {
    const a = native[name];
    const b = wasm[name];
    if (a?.computrons !== b?.computrons || a?.replies !== b?.replies) {
      differences.push(
        `${name}: native ${a ? `${a.computrons} computrons in ${a.replies} replies` : "did not run"}, WebAssembly ${b ? `${b.computrons} in ${b.replies}` : "did not run"}`,
      );
    }
  }
  return differences;
}

const testFile = expect.getState().testPath ?? "";
const inXsSuite = path.relative(REPO_ROOT, testFile).split(path.sep).slice(0, 2).join("/") === "test/xs";

if (inXsSuite) {
  const tests: Record<string, TestCost> = {};
  /** What replies count towards: the running test, or the file's hooks before the first. */
  let current = "(before the first test)";
  let stopListening: () => void = () => undefined;

  beforeAll(() => {
    stopListening = onEveryXsReply((meter) => {
      const cost = (tests[current] ??= { computrons: 0, replies: 0 });
      cost.computrons += meter.compute;
      cost.replies++;
    });
  });
  beforeEach(() => {
    current = expect.getState().currentTestName ?? "(unnamed)";
  });
  afterAll(() => {
    stopListening();
    const kind = chosenXsEngine().kind;
    const ledger: Ledger = { fingerprint: fingerprint(testFile), tests };
    mkdirSync(path.join(LEDGERS, kind), { recursive: true });
    writeFileSync(ledgerPath(kind, testFile), `${JSON.stringify(ledger, null, 2)}\n`);
    if (kind !== "wasm" || !existsSync(ledgerPath("native", testFile))) return;
    const native = JSON.parse(readFileSync(ledgerPath("native", testFile), "utf8")) as Ledger;
    if (native.fingerprint !== ledger.fingerprint) return;
    const differences = ledgerDifferences(native.tests, tests);
    if (differences.length > 0) {
      throw new Error(`the two XS engines differ in computrons:\n${differences.slice(0, 10).join("\n")}`);
    }
  });
}
