// Type-checks firmware/ against the typings of the Moddable SDK you have installed ($MODDABLE),
// the ones mcconfig will use, instead of the project's own declarations in firmware/typings.
// Catches a use of an IO option or method your SDK version does not declare before a build.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sdk = process.env.MODDABLE;
if (!sdk || !existsSync(path.join(sdk, "typings"))) {
  console.error("check-moddable: set MODDABLE to a Moddable SDK checkout with typings/ (xs-dev setup sets it)");
  process.exit(2);
}

const typings = path.join(sdk, "typings");
const ioTypings = readdirSync(path.join(typings, "embedded_io"))
  .filter((name) => name.endsWith(".d.ts"))
  .map((name) => path.join(typings, "embedded_io", name));
const files = [
  ...ioTypings,
  ...["embedded_provider/builtin", "timer", "time", "preference", "Resource", "mc/config", "global", "console"].map(
    (name) => path.join(typings, `${name}.d.ts`),
  ),
  path.join(sdk, "xs", "includes", "xs.d.ts"),
].filter((file) => existsSync(file));
// Nothing of firmware/typings is added: mcconfig sees only what main.ts references (the typings
// of the SDK's untyped resetReason module), so this check must too.

const dir = mkdtempSync(path.join(tmpdir(), "farside-moddable-"));
writeFileSync(
  path.join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022"],
      module: "ESNext",
      moduleResolution: "Bundler",
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      isolatedModules: true,
    },
    files,
    include: [path.join(root, "firmware", "**", "*.ts")],
    exclude: [path.join(root, "firmware", "typings", "**")],
  }),
);
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const result = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], { stdio: "inherit" });
rmSync(dir, { recursive: true, force: true });
if (result.status === 0) console.log(`check-moddable: firmware/ type-checks against ${typings}`);
process.exit(result.status ?? 1);
