import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { BoardConfig } from "../../../firmware/board/config";
import { REPO_ROOT } from "../paths";
import { UserError } from "../errors";

const INSTALL_SDK = [
  "farside build needs the Moddable SDK and ESP-IDF, which are not installed here:",
  "  npm install -g xs-dev",
  "  xs-dev setup                 # the Moddable SDK; sets MODDABLE",
  "  xs-dev setup --device esp32  # ESP-IDF for the ESP32 family; sets IDF_PATH",
  "then open a new terminal and run farside build again (farside doctor checks the setup).",
].join("\n");

/**
 * Where the SDK's own tools (mcconfig, xsbug) are, in the host's own spelling: the folder
 * xs-dev setup, or the SDK's Getting Started, puts on the PATH.
 */
export function sdkToolsFolder(platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return "%MODDABLE%\\build\\bin\\win\\release";
  return `$MODDABLE/build/bin/${platform === "darwin" ? "mac" : "lin"}/release`;
}

/** Where mcconfig leaves an ESP32 build: $MODDABLE/build/bin/esp32/<subplatform>/<release|debug>/<app>. */
export function buildFolder(moddable: string, platform: string, debug: boolean): string {
  const [family = "esp32", sub] = platform.split("/");
  return path.join(
    moddable,
    "build",
    "bin",
    family,
    sub ?? family,
    debug ? "debug" : "release",
    path.basename(REPO_ROOT),
  );
}

/** The mcconfig command line for a board, exactly as the SDK takes it. */
export function mcconfigArgs(board: BoardConfig, debug: boolean): string[] {
  return [
    "-m",
    ...(debug ? ["-d"] : []),
    "-p",
    board.moddable.platform,
    "-t",
    "build",
    "manifest.json",
    `board=${board.id}`,
  ];
}

/**
 * `farside build`: runs the Moddable SDK's mcconfig for the board's platform target with this
 * project's manifest, building (not flashing) a release or debug image where farside flash
 * finds it. Without an SDK, says in a few lines how to install one.
 */
export function buildFirmware(
  board: BoardConfig,
  debug: boolean,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): string {
  const moddable = env.MODDABLE;
  if (!moddable || !existsSync(path.join(moddable, "typings"))) throw new UserError(INSTALL_SDK);
  if (!env.IDF_PATH || !existsSync(env.IDF_PATH)) throw new UserError(INSTALL_SDK);
  const args = mcconfigArgs(board, debug);
  print(`mcconfig ${args.join(" ")}`);
  const result = spawnSync("mcconfig", args, { cwd: REPO_ROOT, env, stdio: "inherit" });
  if (result.error) {
    throw new UserError(
      (result.error as NodeJS.ErrnoException).code === "ENOENT"
        ? `mcconfig is not on the PATH: add ${sdkToolsFolder()} to it (xs-dev setup does)`
        : `mcconfig failed to start: ${result.error.message}`,
    );
  }
  if (result.status !== 0) throw new UserError(`mcconfig failed (exit ${result.status}): see its output above`);
  const folder = buildFolder(moddable, board.moddable.platform, debug);
  print(`built ${debug ? "debug" : "release"} firmware for ${board.id} in ${folder}`);
  if (debug) print("note: in a debug build xsbug owns UART0, the lander's link; build release to use farside over it");
  return folder;
}
