// The simulated lander as a serial device: the firmware in XS, its virtual clock paced by the
// wall clock, and its UART bridged to a real pseudo-terminal. Host tools (farside, johnny-five,
// a serial monitor) open `hostPath` exactly as they would open /dev/ttyUSB0.
import type { BoardConfig } from "../../../firmware/board/config";
import { openPtyPair, type PtyPair } from "../link/pty-pair";
import { openSerialPort, type ByteTransport } from "../link/serial-port";
import type { SimReply } from "./protocol";
import { VirtualLander } from "./virtual-lander";

/** How often the bridge moves bytes and time; well under the lander's 20 ms control period. */
const PUMP_MS = 5;

export class SimulatedBoard {
  private timer: NodeJS.Timeout | undefined;
  private pending: number[] = [];
  private busy = false;
  private lastWallMs = performance.now();
  private carryMs = 0;
  private stopped = false;

  private constructor(
    readonly lander: VirtualLander,
    private readonly pty: PtyPair,
    private readonly port: ByteTransport,
  ) {}

  /** Boots the firmware and opens the pseudo-terminal pair; `hostPath` is the lander's port. */
  static async start(board: BoardConfig, options: { dir?: string } = {}): Promise<SimulatedBoard> {
    const lander = await VirtualLander.boot(board, { keepTrace: false });
    let pty: PtyPair | undefined;
    try {
      pty = await openPtyPair(options.dir ? { dir: options.dir } : {});
      const port = await openSerialPort(pty.boardPath, { baudRate: board.link.baud });
      const sim = new SimulatedBoard(lander, pty, port);
      port.onData((chunk) => {
        for (const byte of chunk) sim.pending.push(byte);
      });
      sim.timer = setInterval(() => void sim.pump(), PUMP_MS);
      return sim;
    } catch (error) {
      lander.close();
      await pty?.close();
      throw error;
    }
  }

  get hostPath(): string {
    return this.pty.hostPath;
  }

  /** Moves host bytes in, virtual time on by the wall time that passed, lander bytes out. */
  private async pump(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.pending.length > 0) {
        const bytes = this.pending;
        this.pending = [];
        await this.forward(await this.lander.sendSerial(bytes));
      }
      const now = performance.now();
      this.carryMs += now - this.lastWallMs;
      this.lastWallMs = now;
      const step = Math.floor(this.carryMs);
      if (step > 0) {
        this.carryMs -= step;
        await this.forward(await this.lander.advance(step));
      }
    } catch {
      // The worker died or the pty closed: nothing more to simulate.
      await this.stop();
    } finally {
      this.busy = false;
    }
  }

  private async forward(reply: SimReply): Promise<void> {
    if (reply.serial.length === 0) return;
    const bytes = new Uint8Array(reply.serial.length / 2);
    for (let i = 1; i < reply.serial.length; i += 2) bytes[(i - 1) / 2] = reply.serial[i] ?? 0;
    await this.port.write(bytes);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.port.close().catch(() => undefined);
    await this.pty.close();
    this.lander.close();
  }
}
