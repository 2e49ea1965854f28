// The transport firmata-io's Firmata class expects (an EventEmitter with "open", "data",
// "close", "error" and write(buffer, callback)), over bindings-cpp. With it johnny-five drives
// the lander through `new five.Board({ io: new Firmata(firmataTransport(path)) })`, with no
// serialport 8 native addon to compile.
import { EventEmitter } from "node:events";
import type { ByteTransport } from "./byte-transport";
import { openSerialPort, type OpenOptions } from "./serial-port";

export class FirmataTransport extends EventEmitter {
  private readonly ready: Promise<ByteTransport | undefined>;

  constructor(
    readonly path: string,
    options: OpenOptions = {},
  ) {
    super();
    this.ready = openSerialPort(path, options).then(
      (port) => {
        port.onData((chunk) => this.emit("data", Buffer.from(chunk)));
        port.onClose((error) => {
          if (error) this.emit("error", error);
          this.emit("close");
        });
        this.emit("open");
        return port;
      },
      (error: unknown) => {
        // Emitted on the next turn so a caller that attaches its listener now still hears it.
        setImmediate(() => this.emit("error", error));
        return undefined;
      },
    );
  }

  write(data: Buffer | number[], callback?: (error?: Error | null) => void): void {
    void this.ready.then(async (port) => {
      if (!port) return callback?.(new Error(`${this.path} is not open`));
      try {
        await port.write(Uint8Array.from(data));
        callback?.(null);
      } catch (error) {
        callback?.(error as Error);
      }
    });
  }

  async close(): Promise<void> {
    const port = await this.ready;
    await port?.close();
  }
}

export function firmataTransport(path: string, options: OpenOptions = {}): FirmataTransport {
  return new FirmataTransport(path, options);
}
