// A byte transport over @serialport/bindings-cpp: a real USB-serial port, or the pseudo-terminal
// of a simulated board. Nothing here knows Firmata; the lander client and the Firmata
// transport sit on top.
import type { autoDetect } from "@serialport/bindings-cpp";
import { realpath, stat } from "node:fs/promises";
import { lazySerialBinding } from "../lazy";
import type { ByteTransport } from "./byte-transport";
import { describePortError } from "./port-errors";

type BindingPort = Awaited<ReturnType<ReturnType<typeof autoDetect>["open"]>>;

export interface OpenOptions {
  readonly baudRate?: number;
  /**
   * Drop DTR/RTS on close. Off by default: on boards with auto-reset wiring that would reset
   * the lander every time the host lets go of the port.
   */
  readonly hupcl?: boolean;
}

export async function openSerialPort(path: string, options: OpenOptions = {}): Promise<ByteTransport> {
  let port: BindingPort;
  try {
    port = await lazySerialBinding()
      .autoDetect()
      .open({
        path,
        baudRate: options.baudRate ?? 115200,
        hupcl: options.hupcl ?? false,
        lock: true,
      });
  } catch (error) {
    throw describePortError(path, error);
  }
  // Linux raises DTR and RTS on open, which resets an ESP32 through its auto-reset circuit;
  // drop them at once. Pseudo-terminals have no modem lines and refuse the ioctl.
  await port.set({ dtr: false, rts: false, brk: false, cts: false, dsr: false }).catch(() => undefined);
  const device = await realpath(path).catch(() => path);
  return new SerialTransport(path, port, device.startsWith("/dev/pts/") ? device : undefined);
}

/**
 * How often a pseudo-terminal's other side is looked for. Once its master closes (a simulator
 * that exited), Linux hangs the slave up: reads then return 0 for ever, which bindings-cpp
 * retries at once, so the port neither errors nor closes. The /dev/pts node goes with the
 * master, so its absence is how the end is seen.
 */
const PTY_CHECK_MS = 250;

class SerialTransport implements ByteTransport {
  private readonly dataListeners: ((chunk: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private closing = false;
  private ended = false;
  private writing: Promise<void> = Promise.resolve();

  private readonly ptyCheck: NodeJS.Timeout | undefined;

  constructor(
    path: string,
    private readonly port: BindingPort,
    /** The /dev/pts node behind `path`, when it is a pseudo-terminal. */
    ptyDevice: string | undefined,
  ) {
    void this.readLoop();
    if (ptyDevice) {
      this.ptyCheck = setInterval(() => {
        stat(ptyDevice).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") void this.lost(new Error(`${path}: the other side of the link went away`));
        });
      }, PTY_CHECK_MS);
      this.ptyCheck.unref();
    }
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  write(data: Uint8Array): Promise<void> {
    // Serialized: bindings-cpp writes must not interleave.
    const next = this.writing.then(() => this.port.write(Buffer.from(data)));
    this.writing = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.port.isOpen) await this.port.close().catch(() => undefined);
    this.end(undefined);
  }

  private async readLoop(): Promise<void> {
    const buffer = Buffer.alloc(4096);
    for (;;) {
      try {
        const { bytesRead } = await this.port.read(buffer, 0, buffer.length);
        if (bytesRead > 0) {
          const chunk = Uint8Array.prototype.slice.call(buffer, 0, bytesRead);
          for (const listener of this.dataListeners) listener(chunk);
        }
      } catch (error) {
        const canceled = (error as { canceled?: boolean }).canceled === true || this.closing;
        if (!canceled && this.port.isOpen) await this.port.close().catch(() => undefined);
        this.end(canceled ? undefined : (error as Error));
        return;
      }
    }
  }

  /** The port died without an error from the binding: say so, then stop its reads. */
  private async lost(error: Error): Promise<void> {
    if (this.ended) return;
    this.end(error);
    this.closing = true;
    if (this.port.isOpen) await this.port.close().catch(() => undefined);
  }

  private end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    if (this.ptyCheck) clearInterval(this.ptyCheck);
    for (const listener of this.closeListeners) listener(error);
  }
}
