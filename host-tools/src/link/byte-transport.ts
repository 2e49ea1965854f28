// The one byte link everything on the host's side is built on: the lander client, the Firmata
// transport johnny-five drives, the flasher's port return, the simulator's bridge.

/**
 * A byte link to a lander: a serial port (serial-port.ts), a simulated board's pseudo-terminal,
 * or a test's stand-in. It has no path: whoever opened a port knows which one it opened.
 */
export interface ByteTransport {
  /** Resolves once the link has taken the bytes, not once they reached the other side. */
  write(data: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once: with an error if the link died (unplugged, pty closed), without on close(). */
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
}
