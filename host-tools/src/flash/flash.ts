// Flashing with Espressif's esptool-js from Node: connect through the ROM bootloader (auto-reset
// by DTR/RTS, or the BOOT and RESET buttons where the port cannot), check the chip and the
// flash size, write compressed, verify each region by MD5, and hard-reset into the app.
import { createHash } from "node:crypto";
import type { ESPLoader, IEspLoaderTerminal } from "esptool-js";
import { CHIP_FACTS, type ChipId } from "../../../firmware/board/chips";
import { UserError } from "../errors";
import { NodeSerialPort } from "./node-serial-port";

export interface FlashImage {
  readonly name: string;
  readonly address: number;
  readonly data: Uint8Array;
}

export interface FlashOptions {
  readonly port: string;
  readonly images: readonly FlashImage[];
  /** The chip the images were built for: a board with another one is refused. */
  readonly chip: ChipId;
  readonly baudRate: number;
  /** How long to wait for someone to press BOOT and RESET when the port cannot reset the board. */
  readonly buttonWaitMs: number;
  readonly print: (line: string) => void;
  readonly progress?: (image: FlashImage, written: number, total: number) => void;
  /** Deflate the images on the way (the default); off writes them as they are. */
  readonly compress?: boolean;
}

/** esptool-js talks a lot; farside keeps only what a user acts on. */
const quiet: IEspLoaderTerminal = process.env.FARSIDE_DEBUG
  ? { clean: () => undefined, writeLine: (line) => console.error(line), write: (text) => process.stderr.write(text) }
  : { clean: () => undefined, writeLine: () => undefined, write: () => undefined };

function md5(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

export async function flashBoard(options: FlashOptions): Promise<{ chip: string; bytes: number }> {
  const serial = new NodeSerialPort(options.port);
  // Loaded on first use: esptool-js is only an ES module, so not through require.
  const { ESPLoader: Loader, Transport } = await import("esptool-js");
  const transport = new Transport(serial as unknown as ConstructorParameters<typeof Transport>[0], false);
  // esptool-js 0.7 prints some trace lines to the console even with tracing off.
  if (!process.env.FARSIDE_DEBUG) transport.trace = () => undefined;
  const loader = new Loader({
    transport,
    baudrate: options.baudRate,
    romBaudrate: 115200,
    terminal: quiet,
    debugLogging: Boolean(process.env.FARSIDE_DEBUG),
  });
  try {
    let chip: string;
    try {
      chip = await loader.main("default_reset");
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (!serial.linesUnavailable) {
        throw new UserError(
          `no ESP32 bootloader answered on ${options.port}: hold BOOT, press RESET, release BOOT, and try again`,
        );
      }
      // No DTR/RTS (a bare adapter, a pseudo-terminal): a person has to do what auto-reset would.
      options.print(
        `${options.port} cannot reset the board by itself: hold BOOT, press and release RESET, then release BOOT (waiting ${options.buttonWaitMs / 1000} s)`,
      );
      chip = await waitForBootloader(loader, options.buttonWaitMs, options.port);
    }
    const expected = CHIP_FACTS[options.chip].name;
    const found = loader.chip.CHIP_NAME;
    if (found !== expected) {
      throw new UserError(
        `the images are built for ${expected} but the board on ${options.port} is ${found}: build for this board's chip (farside build --board ...)`,
      );
    }
    const flashBytes = await detectFlashBytes(loader);
    const end = Math.max(...options.images.map((image) => image.address + image.data.length));
    if (flashBytes > 0 && end > flashBytes) {
      throw new UserError(
        `the images need ${end} bytes of flash but the board has ${flashBytes}: use a smaller partition layout or a board with more flash`,
      );
    }
    options.print(`${chip} on ${options.port}${flashBytes > 0 ? `, ${flashBytes / 1024 / 1024} MB flash` : ""}`);
    await loader.writeFlash({
      fileArray: options.images.map((image) => ({ data: image.data, address: image.address })),
      flashMode: "keep",
      flashFreq: "keep",
      flashSize: "keep",
      eraseAll: false,
      compress: options.compress ?? true,
      reportProgress: (index, written, total) => {
        const image = options.images[index];
        if (image) options.progress?.(image, written, total);
      },
      // esptool-js checks each region against the board's own MD5 only when given this.
      calculateMD5Hash: (image) => md5(image),
    });
    await loader.after("hard_reset");
    return { chip, bytes: options.images.reduce((sum, image) => sum + image.data.length, 0) };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`flashing failed: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    await transport.disconnect().catch(() => undefined);
  }
}

async function waitForBootloader(loader: ESPLoader, waitMs: number, port: string): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await loader.transport.disconnect().catch(() => undefined);
      return await loader.main("no_reset");
    } catch {
      if (Date.now() > deadline) {
        throw new UserError(
          `no ESP32 bootloader answered on ${port} within ${waitMs / 1000} s: hold BOOT while pressing RESET, then try again`,
        );
      }
    }
  }
}

/** The flash size from the chip's JEDEC id (its last byte is log2 of the size), or 0 if unknown. */
async function detectFlashBytes(loader: ESPLoader): Promise<number> {
  try {
    const id = await loader.readFlashId();
    const sizeCode = (Number(id) >> 16) & 0xff;
    return sizeCode >= 0x12 && sizeCode <= 0x1a ? 2 ** sizeCode : 0;
  } catch {
    return 0;
  }
}
