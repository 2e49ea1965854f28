import type { SerialPort } from "../platform/host";

/**
 * Writes frames to the link's serial port a byte at a time ("number" format allocates nothing).
 * An ECMA-419 write throws when the transmit buffer is full; the lander must not stall or crash
 * on a host that stopped reading, so such bytes are dropped and counted. Every frame the host
 * needs is either periodic or acknowledged, so a dropped one is resent or superseded.
 */
export class Transmitter {
  sent = 0;
  dropped = 0;

  constructor(private readonly port: SerialPort) {}

  send(bytes: Uint8Array, length: number): void {
    for (let i = 0; i < length; i++) {
      try {
        this.port.write(bytes[i]);
        this.sent++;
      } catch {
        this.dropped += length - i;
        return;
      }
    }
  }
}
