// Type-checks the firmware the way mcconfig does before an ESP32 build (tools/mcmanifest.js in
// Moddable SDK 8.2.3): one program per TypeScript module the manifest lists, each seeing only
// what the device build sees. That is the SDK's typings (here, the project's stand-ins for
// them: firmware/typings/embedded-io.d.ts and moddable-runtime.d.ts), the files the manifest
// itself maps as modules, and what a module references or imports. A manifest mapping wins
// over the SDK's typing of the same name, as in mcconfig's `paths`: `embedded:provider/builtin`
// is firmware/provider/builtin.ts, so the stand-ins do not declare it. SDK modules that
// ship JavaScript without typings resolve to that JavaScript, as mcconfig's `paths` do, so
// importing one without declaring it fails here as it fails there (TS7016). firmware/typings/
// reset-reason.d.ts is such a declaration: main.ts must reference it for mcconfig to see it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The project's declarations of what the SDK's typings/ folder declares (not the SDK's own: they are GPL). */
const SDK_STAND_INS = ["firmware/typings/embedded-io.d.ts", "firmware/typings/moddable-runtime.d.ts"];

/** SDK modules the firmware may import that ship as JavaScript with no typings (mcconfig maps them to the .js). */
const SDK_UNTYPED_MODULES = ["resetReason"];

/** Where the untyped SDK modules' JavaScript stands, in the checker's own file system only. */
const SDK_JS_DIR = path.join(ROOT, ".device-typecheck-sdk");

/** The manifest's module map, expanded: specifier to file, as mcconfig's `paths` list them. */
function manifestModules(root, manifest) {
  const modules = new Map();
  for (const [key, value] of Object.entries(manifest.modules ?? {})) {
    for (const target of Array.isArray(value) ? value : [value]) {
      const base = path.resolve(root, target);
      if (key.endsWith("*") && target.endsWith("*")) {
        const dir = path.dirname(base);
        for (const name of readdirSync(dir)) {
          const stem = name.endsWith(".d.ts")
            ? name.slice(0, -5)
            : name.endsWith(".ts")
              ? name.slice(0, -3)
              : undefined;
          if (!stem) continue;
          const specifier = key === "*" ? stem : key.slice(0, -1) + stem;
          modules.set(specifier, path.join(dir, name));
        }
      } else {
        for (const ext of [".ts", ".d.ts"]) {
          if (existsSync(base + ext)) modules.set(key === "*" ? path.basename(base) : key, base + ext);
        }
      }
    }
  }
  return modules;
}

/**
 * Returns every diagnostic, formatted `file(line,col): error TSnnnn: message`. `overrides` maps
 * a file's absolute path to text to check in its place (how the tests prove a check can fail).
 */
export function deviceTypecheck({ root = ROOT, overrides = new Map() } = {}) {
  const manifest = JSON.parse(readFileSync(path.join(root, "manifest.json"), "utf8"));
  const modules = manifestModules(root, manifest);
  const paths = {};
  for (const [specifier, file] of modules) paths[specifier] = [file.replace(/(\.d)?\.ts$/, "")];
  for (const name of SDK_UNTYPED_MODULES) paths[name] = [path.join(SDK_JS_DIR, name)];
  const options = {
    ...ts.convertCompilerOptionsFromJson(manifest.typescript?.tsconfig?.compilerOptions ?? {}, root).options,
    // mcconfig's modules/tsconfig-base.json, with the SDK's typings replaced by the stand-ins.
    forceConsistentCasingInFileNames: true,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    resolveJsonModule: true,
    target: ts.ScriptTarget.ES2025,
    lib: ["lib.es2025.d.ts"],
    types: [],
    paths,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const cache = new Map();
  const readText = (file) => {
    if (overrides.has(file)) return overrides.get(file);
    if (file.startsWith(SDK_JS_DIR + path.sep) && file.endsWith(".js")) return "export default function untyped() {}\n";
    return ts.sys.readFile(file);
  };
  host.readFile = readText;
  host.fileExists = (file) =>
    overrides.has(file) || (file.startsWith(SDK_JS_DIR + path.sep) ? file.endsWith(".js") : ts.sys.fileExists(file));
  host.getSourceFile = (file, languageVersion) => {
    const key = `${file}:${String(languageVersion)}`;
    if (!cache.has(key)) {
      const text = readText(file);
      cache.set(key, text === undefined ? undefined : ts.createSourceFile(file, text, languageVersion, true));
    }
    return cache.get(key);
  };
  const standIns = SDK_STAND_INS.map((file) => path.join(root, file));
  const found = new Set();
  for (const file of [...modules.values()].filter((f) => !f.endsWith(".d.ts"))) {
    const program = ts.createProgram({ rootNames: [file, ...standIns], options, host });
    const source = program.getSourceFile(file);
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const d of diagnostics) found.add(format(d, root));
  }
  return [...found];
}

function format(diagnostic, root) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const file = path.relative(root, diagnostic.file.fileName);
  return `${file}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = deviceTypecheck();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log("device-typecheck: every firmware module type-checks as mcconfig checks it");
}
