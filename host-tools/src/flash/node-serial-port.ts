// The part of the browser's Web Serial SerialPort that esptool-js's Transport uses, over
// @serialport/bindings-cpp: so Espressif's own loader runs from Node with no browser and no
// Python. Modem-line changes a port refuses (a pseudo-terminal's "Inappropriate ioctl") are
// remembered rather than thrown, so the flasher can ask for the BOOT/RESET buttons instead.
import type { autoDetect } from "@serialport/bindings-cpp";
import { lazySerialBinding } from "../lazy";
import { describePortError } from "../link/port-errors";

type BindingPort = Awaited<ReturnType<ReturnType<typeof autoDetect>["open"]>>;

export interface UsbIds {
  readonly usbVendorId?: number;
  readonly usbProductId?: number;
}

export class NodeSerialPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  /** The port could not drive DTR/RTS: no auto-reset into the bootloader. */
  linesUnavailable = false;
  private port: BindingPort | undefined;

  constructor(
    readonly path: string,
    private readonly ids: UsbIds = {},
  ) {}

  getInfo(): UsbIds {
    return this.ids;
  }

  async open(options: { baudRate: number }): Promise<void> {
    let port: BindingPort;
    try {
      port = await lazySerialBinding()
        .autoDetect()
        .open({ path: this.path, baudRate: options.baudRate, hupcl: false, lock: true });
    } catch (error) {
      throw describePortError(this.path, error);
    }
    this.port = port;
    const buffer = Buffer.alloc(4096);
    this.readable = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const { bytesRead } = await port.read(buffer, 0, buffer.length);
          if (bytesRead > 0) controller.enqueue(Uint8Array.prototype.slice.call(buffer, 0, bytesRead));
        } catch {
          controller.close();
        }
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        await port.write(Buffer.from(chunk));
      },
    });
  }

  async setSignals(signals: { dataTerminalReady?: boolean; requestToSend?: boolean; break?: boolean }): Promise<void> {
    if (!this.port) return;
    try {
      await this.port.set({
        dtr: signals.dataTerminalReady ?? false,
        rts: signals.requestToSend ?? false,
        brk: signals.break ?? false,
      });
    } catch {
      this.linesUnavailable = true;
    }
  }

  /** esptool-js changes speed in place when it can, instead of closing and reopening. */
  async setBaudRate(baudRate: number): Promise<void> {
    await this.port?.update({ baudRate });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.readable = null;
    this.writable = null;
    if (port?.isOpen) await port.close().catch(() => undefined);
  }
}
