// An ESP32-family ROM bootloader on a pseudo-terminal, written from Espressif's serial protocol
// documentation (esptool docs, "Serial Protocol"): SLIP frames, SYNC, READ_REG/WRITE_REG,
// SPI_ATTACH, SPI_SET_PARAMS, MEM_BEGIN/DATA/END (after which it answers as the flasher stub,
// with "OHAI"), FLASH_BEGIN/DATA/END, FLASH_DEFL_BEGIN/DATA/END, SPI_FLASH_MD5, CHANGE_BAUDRATE
// and GET_SECURITY_INFO, with checksums and error replies. It keeps its flash in memory.
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import {
  FrameDecoder,
  FrameWriter,
  LANDER_SYSEX,
  MAX_FRAME_BYTES,
  Msg,
  NO_CHECKPOINT,
  ResetReason,
  REQUEST,
  Result,
  checkIntact,
  field,
  writeAck,
  writeHelloReply,
} from "../../firmware/protocol/codec";
import { openPtyPair, type PtyPair } from "../../host-tools/src/link/pty-pair";
import type { ByteTransport } from "../../host-tools/src/link/byte-transport";
import { openSerialPort } from "../../host-tools/src/link/serial-port";

const END = 0xc0;
const ESC = 0xdb;
const ESC_END = 0xdc;
const ESC_ESC = 0xdd;

const Op = {
  FlashBegin: 0x02,
  FlashData: 0x03,
  FlashEnd: 0x04,
  MemBegin: 0x05,
  MemEnd: 0x06,
  MemData: 0x07,
  Sync: 0x08,
  WriteReg: 0x09,
  ReadReg: 0x0a,
  SpiSetParams: 0x0b,
  SpiAttach: 0x0d,
  ChangeBaudrate: 0x0f,
  FlashDeflBegin: 0x10,
  FlashDeflData: 0x11,
  FlashDeflEnd: 0x12,
  FlashMd5: 0x13,
  GetSecurityInfo: 0x14,
} as const;

const Err = { InvalidMessage: 0x05, Failed: 0x06, BadChecksum: 0x07, FlashWrite: 0x08, Deflate: 0x0b } as const;

export type EmulatedChip = "esp32" | "esp32s3";
const MAGIC: Record<EmulatedChip, number> = { esp32: 0x00f01d83, esp32s3: 0x9 };
const CHIP_ID: Record<EmulatedChip, number> = { esp32: 0, esp32s3: 9 };
const CHIP_DETECT_MAGIC_REG = 0x40001000;
/** The board the stand-in firmware claims to be, as the build for that chip would. */
const BOARD_ID: Record<EmulatedChip, string> = { esp32: "esp32-devkitc", esp32s3: "esp32-s3-devkitc-1" };
const SPI_W0: Record<EmulatedChip, number> = { esp32: 0x3ff42080, esp32s3: 0x60002058 };

export interface RomOptions {
  readonly chip?: EmulatedChip;
  readonly flashBytes?: number;
  /** Starts running its app, deaf to the bootloader protocol, until enterBootloader(). */
  readonly runningApp?: boolean;
  /** Drops the Nth byte it receives (1-based), as a flaky cable would. */
  readonly dropByte?: number;
}

export class EmulatedRom {
  readonly flash: Uint8Array;
  stub = false;
  inBootloader: boolean;
  /** Bytes received and packets handled, for tests that inject faults by position. */
  received = 0;
  private frame: number[] = [];
  private escaped = false;
  private inFrame = false;
  private writeAt = -1;
  private deflated: Uint8Array[] = [];
  private deflBlocks = 0;

  /**
   * What the flashed firmware would answer: a farside lander's Hello and Goodbye. The emulator
   * cannot run the image it was given, so after flashing it stands in for it this far, enough
   * for farside flash to see "the firmware answers".
   */
  private readonly app = new FrameDecoder(
    {
      message: () => undefined,
      sysex: (buffer, length) => {
        if (buffer[0] !== LANDER_SYSEX || !checkIntact(buffer, length)) return;
        const request = field(buffer, REQUEST);
        const w = new FrameWriter(MAX_FRAME_BYTES);
        if (buffer[1] === Msg.Hello) {
          const info = {
            resetReason: ResetReason.PowerOn,
            checkpoint: NO_CHECKPOINT,
            missionCrc: 0,
            checkpointCrc: 0,
            firmwareVersion: "0.2",
            boardId: BOARD_ID[this.chip],
          };
          void this.port.write(w.bytes.slice(0, writeHelloReply(w, request, info)));
        }
        if (buffer[1] === Msg.Hello || buffer[1] === Msg.Goodbye) {
          void this.port.write(w.bytes.slice(0, writeAck(w, request, buffer[1], Result.Ok)));
        }
      },
    },
    MAX_FRAME_BYTES,
  );

  private constructor(
    private readonly pty: PtyPair,
    private readonly port: ByteTransport,
    readonly chip: EmulatedChip,
    flashBytes: number,
    private readonly dropByte: number,
    runningApp: boolean,
  ) {
    this.flash = new Uint8Array(flashBytes).fill(0xff);
    this.inBootloader = !runningApp;
    port.onData((chunk) => {
      for (const byte of chunk) this.receive(byte);
    });
  }

  static async start(options: RomOptions = {}): Promise<EmulatedRom> {
    const pty = await openPtyPair();
    const port = await openSerialPort(pty.boardPath);
    return new EmulatedRom(
      pty,
      port,
      options.chip ?? "esp32",
      options.flashBytes ?? 4 * 1024 * 1024,
      options.dropByte ?? 0,
      options.runningApp ?? false,
    );
  }

  get hostPath(): string {
    return this.pty.hostPath;
  }

  /** Someone held BOOT and pressed RESET. */
  enterBootloader(): void {
    this.inBootloader = true;
    this.stub = false;
  }

  async close(): Promise<void> {
    await this.port.close();
    await this.pty.close();
  }

  private receive(byte: number): void {
    this.received++;
    if (this.received === this.dropByte) return;
    this.app.push(byte);
    if (!this.inBootloader) return;
    if (byte === END) {
      if (this.inFrame && this.frame.length > 0) this.packet(Uint8Array.from(this.frame));
      this.frame = [];
      this.inFrame = true;
      return;
    }
    if (!this.inFrame) return;
    if (this.escaped) {
      this.frame.push(byte === ESC_END ? END : byte === ESC_ESC ? ESC : byte);
      this.escaped = false;
    } else if (byte === ESC) this.escaped = true;
    else this.frame.push(byte);
  }

  private send(op: number, value: number, data: Uint8Array, status: number, error = 0): void {
    // The ROM sends four status bytes, the stub two.
    const statusBytes = this.stub ? [status, error] : [status, error, 0, 0];
    const body = [...data, ...statusBytes];
    const packet = [0x01, op, body.length & 0xff, body.length >> 8, ...le32(value), ...body];
    const out = [END];
    for (const b of packet) {
      if (b === END) out.push(ESC, ESC_END);
      else if (b === ESC) out.push(ESC, ESC_ESC);
      else out.push(b);
    }
    out.push(END);
    void this.port.write(Uint8Array.from(out));
  }

  private packet(p: Uint8Array): void {
    if (p.length < 8 || p[0] !== 0x00) return;
    const op = p[1]!;
    const size = p[2]! | (p[3]! << 8);
    const checksum = read32(p, 4);
    const data = p.subarray(8, 8 + size);
    const ok = (value = 0, payload = new Uint8Array(0)): void => this.send(op, value, payload, 0);
    const fail = (error: number): void => this.send(op, 0, new Uint8Array(0), 1, error);
    if (data.length !== size) return fail(Err.InvalidMessage);
    switch (op) {
      case Op.Sync:
        // The ROM answers SYNC eight times; the stub once.
        for (let i = 0; i < (this.stub ? 1 : 8); i++) this.send(op, this.stub ? 0 : 0x20120707, new Uint8Array(0), 0);
        return;
      case Op.ReadReg: {
        const address = read32(data, 0);
        if (address === CHIP_DETECT_MAGIC_REG) return ok(MAGIC[this.chip]);
        // The SPI peripheral's first data word after a RDID: the flash's JEDEC id, whose last
        // byte is log2 of its size; every SPI command finishes at once here.
        if (address === SPI_W0[this.chip]) return ok(0x004020 | (Math.log2(this.flash.length) << 16));
        return ok(0);
      }
      case Op.GetSecurityInfo:
        if (this.chip === "esp32") {
          // The ESP32's ROM does not know the command: it answers as to an invalid message.
          this.send(0x00, 0, new Uint8Array(0), 1, Err.InvalidMessage);
          return;
        }
        return ok(0, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...le32(CHIP_ID[this.chip]), ...le32(0)]));
      case Op.WriteReg:
      case Op.SpiAttach:
      case Op.SpiSetParams:
      case Op.ChangeBaudrate:
      case Op.MemBegin:
        return ok();
      case Op.MemData:
        return checksumOf(data.subarray(16)) === checksum ? ok() : fail(Err.BadChecksum);
      case Op.MemEnd: {
        ok();
        if (read32(data, 0) === 0 && read32(data, 4) !== 0) {
          // The flasher stub starts and says hello.
          this.stub = true;
          const hello = [END, ...Buffer.from("OHAI"), END];
          void this.port.write(Uint8Array.from(hello));
        }
        return;
      }
      case Op.FlashBegin:
      case Op.FlashDeflBegin: {
        const totalSize = read32(data, 0);
        const offset = read32(data, 12);
        if (offset + totalSize > this.flash.length && op === Op.FlashBegin) return fail(Err.Failed);
        this.writeAt = offset;
        this.deflated = [];
        this.deflBlocks = read32(data, 4);
        return ok();
      }
      case Op.FlashData: {
        const length = read32(data, 0);
        const block = data.subarray(16, 16 + length);
        if (checksumOf(block) !== checksum) return fail(Err.BadChecksum);
        if (this.writeAt < 0 || this.writeAt + block.length > this.flash.length) return fail(Err.FlashWrite);
        this.flash.set(block, this.writeAt);
        this.writeAt += block.length;
        return ok();
      }
      case Op.FlashDeflData: {
        const block = data.subarray(16, 16 + read32(data, 0));
        if (checksumOf(block) !== checksum) return fail(Err.BadChecksum);
        this.deflated.push(Uint8Array.from(block));
        if (this.deflated.length === this.deflBlocks) {
          let image: Uint8Array;
          try {
            image = inflateSync(Buffer.concat(this.deflated));
          } catch {
            return fail(Err.Deflate);
          }
          if (this.writeAt < 0 || this.writeAt + image.length > this.flash.length) return fail(Err.FlashWrite);
          this.flash.set(image, this.writeAt);
        }
        return ok();
      }
      case Op.FlashEnd:
      case Op.FlashDeflEnd:
        // The flag asks to stay in the loader or run the app; a pseudo-terminal has no reset
        // line, so the emulator stays in the loader either way and a test reads its flash.
        return ok();
      case Op.FlashMd5: {
        const address = read32(data, 0);
        const length = read32(data, 4);
        const digest = createHash("md5")
          .update(this.flash.subarray(address, address + length))
          .digest();
        return ok(0, this.stub ? Uint8Array.from(digest) : Uint8Array.from(Buffer.from(digest.toString("hex"))));
      }
    }
    this.send(0x00, 0, new Uint8Array(0), 1, Err.InvalidMessage);
  }
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function read32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0
  );
}

/** The ROM's data checksum: 0xEF XOR every byte. */
function checksumOf(data: Uint8Array): number {
  let sum = 0xef;
  for (const byte of data) sum ^= byte;
  return sum;
}
