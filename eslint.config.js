import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/"] },
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
    // A lookup that a test asserts exists may use `!`: if it is missing, the test fails anyway.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  prettier,
);
