import type { SerialOptions, SerialPort } from "../../../../firmware/platform/host";
import type { BoardState } from "./board-state";
import { SERIAL_MS } from "./io-common";
import { SeededRandom } from "./random";
import type { VirtualClock } from "./virtual-clock";
import { VirtualUart } from "./virtual-uart";

/** UART_NUM_MAX on the ESP32 and the S3. [HW] */
const UART_COUNT = 3;

/** Gives the board its link UART at the given baud (once; it survives resets, as the wire does). */
export function attachUart(state: BoardState, clock: VirtualClock, baud: number, random: SeededRandom): VirtualUart {
  if (!state.uart) {
    state.uart = new VirtualUart(baud, clock, random);
    clock.addDevice(state.uart);
  }
  return state.uart;
}

/** The `Serial` class of the virtual board's `device.io` (virtual-device.ts). */
export function createSerialClass(state: BoardState, clock: VirtualClock, isFree: (pin: number) => boolean) {
  const claim = (pin: number): void => {
    if (state.claimed.has(pin)) throw new Error(`pin ${pin} in use`);
    state.claimed.add(pin);
  };

  /**
   * modules/io/serial/esp32/serial.c: no software buffer, so read() and write() work on the
   * UART's 128-byte FIFOs; "number" format moves one byte per call, "buffer" format whole
   * buffers (a write that does not fit throws and sends nothing).
   */
  class Serial implements SerialPort {
    private readonly uart: VirtualUart;
    private readonly format: "number" | "buffer";
    constructor(options: SerialOptions) {
      if (state.debuggerOwnsUart0 && options.port === 0) {
        // A debug build's debugger_uart.c has taken UART0's pins before the app runs.
        throw new Error("in use");
      }
      // serial.c checks both pins are free before anything else.
      if (!isFree(options.transmit) || !isFree(options.receive)) throw new Error("in use");
      claim(options.transmit);
      claim(options.receive);
      if (!(options.port >= 0 && options.port < UART_COUNT)) throw new RangeError("invalid port");
      if (!(options.baud > 0 && options.baud <= 20_000_000)) throw new RangeError("invalid baud");
      const format = options.format ?? "buffer";
      if (format !== "number" && format !== "buffer") throw new RangeError("invalid format");
      this.format = format;
      this.uart = attachUart(state, clock, options.baud, new SeededRandom(0));
      const { onReadable, onWritable } = options;
      this.uart.open(
        onReadable ? (bytes) => onReadable.call(this, bytes) : undefined,
        onWritable ? (bytes) => onWritable.call(this, bytes) : undefined,
      );
    }
    read(): number | ArrayBuffer | undefined {
      clock.enterNative();
      const uart = this.uart;
      let result: number | ArrayBuffer | undefined;
      if (uart.available > 0) {
        if (this.format === "number") result = uart.read();
        else {
          const bytes = new Uint8Array(uart.available);
          for (let i = 0; i < bytes.length; i++) bytes[i] = uart.read() ?? 0;
          result = bytes.buffer;
        }
      }
      clock.leaveNative(SERIAL_MS);
      return result;
    }
    write(value: number | ArrayBuffer): void {
      clock.enterNative();
      const uart = this.uart;
      if (this.format === "number") {
        // serial.c looks for room before it converts: a value whose conversion has effects sees
        // them only when there is room. A number has none, so only others look first.
        if (typeof value !== "number" && uart.txFree === 0)
          throw clock.leaveNativeWith(new Error("output full"), SERIAL_MS);
        // xsmcToInteger of anything else, a buffer included, is one byte: 0 for NaN. ToInt32 (`|`)
        // truncates and takes 0 for NaN and the infinities, as xsmcToInteger does.
        const byte = (typeof value === "number" ? value : Number(value)) & 0xff;
        if (!uart.tryWrite(byte, clock.simMs)) throw clock.leaveNativeWith(new Error("output full"), SERIAL_MS);
        clock.leaveNative(SERIAL_MS);
        return;
      }
      if (typeof value === "number") throw clock.leaveNativeWith(new TypeError("buffer expected"), SERIAL_MS);
      const bytes = new Uint8Array(value);
      if (bytes.length > uart.txFree) throw clock.leaveNativeWith(new Error("output full"), SERIAL_MS);
      for (let i = 0; i < bytes.length; i++) uart.write(bytes[i]);
      clock.leaveNative(SERIAL_MS);
    }
  }

  return Serial;
}
