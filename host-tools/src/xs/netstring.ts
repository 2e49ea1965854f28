// Netstrings ("5:hello,"), the framing xsnap-worker speaks on its command pipes.

export function encodeNetstring(payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${payload.length}:`), payload, Buffer.from(",")]);
}

/** Accumulates bytes and yields each complete netstring payload. */
export class NetstringReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) break;
      const header = this.buffer.subarray(0, colon).toString("latin1");
      if (!/^\d+$/.test(header)) throw new Error(`xsnap: bad netstring header ${JSON.stringify(header)}`);
      const length = Number(header);
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) break;
      if (this.buffer[end] !== 0x2c) throw new Error("xsnap: netstring without its trailing comma");
      messages.push(this.buffer.subarray(colon + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
    }
    return messages;
  }
}
