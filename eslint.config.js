import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // missions/local/ holds your own missions (README: Missions): npm test never lints them.
  { ignores: ["dist/", "host-tools/xs-wasm/dist/", "node_modules/", "missions/local/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["scripts/**/*.mjs", "examples/**/*.mjs", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
  {
    // The firmware runs on Moddable XS: Node's modules and globals do not exist there.
    files: ["firmware/**/*.ts", "host-tools/src/sim/xs/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["node:*", "fs", "path", "os", "child_process"] }],
      "no-restricted-globals": ["error", "process", "Buffer", "require", "__dirname", "setTimeout", "setInterval"],
    },
  },
  {
    // Firmware modules reach the platform only through the Host seam main.ts hands them: no
    // Moddable module, and nothing from platform/ but its types. main.ts, the provider and the
    // platform folder itself are the seam.
    files: ["firmware/**/*.ts"],
    ignores: ["firmware/main.ts", "firmware/provider/**", "firmware/platform/**", "firmware/typings/**"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "os", "child_process"], message: "the firmware runs on XS: no Node" },
            {
              group: ["embedded:*", "timer", "time", "preference", "Resource", "resetReason", "mc/*"],
              message: "only firmware/main.ts imports Moddable's modules; take what you need from the Host",
            },
            {
              group: ["**/platform/*", "!**/platform/host"],
              message: "the platform is main.ts's business: take it from the Host",
            },
            { group: ["**/platform/host"], allowTypeImports: true, message: "the Host seam is types only" },
          ],
        },
      ],
    },
  },
  {
    // Only the CLI prints, exits and parses options: nothing under host-tools/src imports from it.
    files: ["host-tools/src/**/*.ts"],
    ignores: ["host-tools/src/cli/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/cli/*", "**/cli"], message: "host-tools/src/cli is the top layer: move what you need down" },
          ],
        },
      ],
    },
  },
  {
    // The simulator's XS side is its own: the rest of the host talks to it through sim/protocol.ts.
    files: ["host-tools/src/**/*.ts"],
    ignores: ["host-tools/src/sim/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/sim/xs/*", "**/sim/xs/**"], message: "use the simulator's contract, sim/protocol.ts" },
          ],
        },
      ],
    },
  },
  {
    // Type-aware checks where a mistake is silent at run time: a promise nobody awaits (its
    // rejection goes unhandled) and a switch over a union that forgets a member.
    files: ["firmware/**/*.ts", "host-tools/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    languageOptions: {
      parserOptions: { project: ["./tsconfig.json", "./firmware/tsconfig.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // A lookup that a test asserts exists may use `!`: if it is missing, the test fails anyway.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  prettier,
);
