import { lazyCliProgress } from "../lazy";
import type { BoardConfig } from "../../../firmware/board/config";
import { flashBoard } from "../flash/flash";
import { buildImages } from "../flash/images";
import { LanderClient } from "../link/lander-client";
import { identifyPort, reopenAfterReset } from "../flash/port-return";
import { buildFolder } from "./build-command";
import { UserError } from "../errors";

export interface FlashCommandOptions {
  readonly port: string;
  readonly board: BoardConfig;
  /** A build folder; by default where farside build leaves the release build. */
  readonly build?: string;
  readonly baudRate: number;
  readonly print: (line: string) => void;
  /** How long the board's port may stay away after the reset (USB re-enumeration); 10 s. */
  readonly returnTimeoutMs?: number;
}

/** Time the new firmware gets to boot before farside asks it for the handshake. */
const BOOT_MS = 1500;

/**
 * `farside flash`: writes a Moddable build to the board through the ROM bootloader, with a
 * progress bar and its rate, then checks the new firmware answers the farside handshake.
 */
export async function flashCommand(options: FlashCommandOptions): Promise<boolean> {
  const folder =
    options.build ??
    (options.board && process.env.MODDABLE
      ? buildFolder(process.env.MODDABLE, options.board.moddable.platform, false)
      : undefined);
  if (!folder) throw new UserError("give --build DIR (a Moddable build folder), or set MODDABLE and run farside build");
  const { images, chip } = buildImages(folder, options.board.moddable.chip);
  const total = images.reduce((sum, image) => sum + image.data.length, 0);
  const identity = await identifyPort(options.port);
  const bar = new (lazyCliProgress().SingleBar)({
    format: "{name} {bar} {percentage}% | {rate} KiB/s",
    stream: process.stderr,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 1000,
    hideCursor: true,
  });
  let started = 0;
  let done = 0;
  let current = "";
  const result = await flashBoard({
    port: options.port,
    images,
    chip,
    baudRate: options.baudRate,
    buttonWaitMs: 30_000,
    print: options.print,
    progress: (image, written, size) => {
      if (current !== image.name) {
        if (current === "") {
          started = performance.now();
          bar.start(total, 0, { name: image.name, rate: "0" });
        } else done += images.find((i) => i.name === current)?.data.length ?? 0;
        current = image.name;
      }
      const sent = done + Math.min(written, size) * (image.data.length / Math.max(size, 1));
      const seconds = (performance.now() - started) / 1000;
      bar.update(Math.round(sent), { name: image.name, rate: seconds > 0 ? (sent / 1024 / seconds).toFixed(0) : "0" });
    },
  });
  bar.update(total);
  bar.stop();
  options.print(
    `wrote ${result.bytes} bytes in ${images.length} images (${images.map((i) => `${i.name} at 0x${i.address.toString(16)}`).join(", ")}), each verified by MD5; the board was reset into the app`,
  );
  await new Promise((resolve) => setTimeout(resolve, BOOT_MS));
  let back: Awaited<ReturnType<typeof reopenAfterReset>>;
  try {
    back = await reopenAfterReset(options.port, {
      baudRate: options.board.link.baud,
      identity,
      print: options.print,
      timeoutMs: options.returnTimeoutMs,
    });
  } catch (error) {
    options.print(`flashed, but ${(error as Error).message.split("\n")[0]}`);
    return false;
  }
  const client = new LanderClient(back.transport, { timeoutMs: 500, attempts: 4 });
  try {
    const info = await client.connect({ watch: false });
    options.print(`the lander answers: ${info.boardId}, firmware ${info.firmwareVersion}, protocol ${info.protocol}`);
    if (info.boardId !== options.board.id) {
      options.print(
        `but it was built for ${info.boardId}, not ${options.board.id}: farside build --board ${options.board.id}`,
      );
      return false;
    }
    return true;
  } catch (error) {
    options.print(
      `flashed, but the new firmware does not answer the farside handshake (${(error as Error).message.split("\n")[0]}): is it a release build of this project?`,
    );
    return false;
  } finally {
    await client.close();
  }
}
