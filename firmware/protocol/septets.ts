// Numbers and bytes in Firmata's 7-bit data bytes, read and written in place in caller-owned
// buffers so that the firmware's receive and telemetry paths allocate nothing.

/**
 * Writes `value` (an unsigned integer below 2^(7*count), and below 2^32) as `count` septets,
 * least significant first. Shifts, not division: this runs for every field of every frame.
 */
export function writeUnsigned(buffer: Uint8Array, offset: number, value: number, count: number): number {
  let rest = value >>> 0;
  for (let i = 0; i < count; i++) {
    buffer[offset + i] = rest & 0x7f;
    rest >>>= 7;
  }
  return offset + count;
}

/** Writes an unsigned 14-bit number (clamped to 0..16383, rounded) as two septets; returns the end offset. */
export function writeUnsigned14(buffer: Uint8Array, offset: number, value: number): number {
  const v = value > 16383 ? 16383 : value > 0 ? Math.round(value) : 0;
  buffer[offset] = v & 0x7f;
  buffer[offset + 1] = v >> 7;
  return offset + 2;
}

export function readUnsigned(buffer: Uint8Array, offset: number, count: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < count; i++) {
    value += (buffer[offset + i] & 0x7f) * scale;
    scale *= 128;
  }
  return value;
}

const I14_RANGE = 1 << 14;

/** A signed 14-bit number in two septets, two's complement: -8192..8191. */
export function writeSigned14(buffer: Uint8Array, offset: number, value: number): number {
  const clamped = value < -8192 ? -8192 : value > 8191 ? 8191 : Math.round(value);
  const raw = clamped < 0 ? clamped + I14_RANGE : clamped;
  buffer[offset] = raw & 0x7f;
  buffer[offset + 1] = raw >> 7;
  return offset + 2;
}

export function readSigned14(buffer: Uint8Array, offset: number): number {
  const raw = readUnsigned(buffer, offset, 2);
  return raw >= 8192 ? raw - I14_RANGE : raw;
}

/** Septets needed to carry `byteCount` bytes packed seven to eight. */
export function packedLength(byteCount: number): number {
  return Math.ceil((byteCount * 8) / 7);
}

/** Bytes carried by `septetCount` packed septets (trailing padding bits dropped). */
export function unpackedLength(septetCount: number): number {
  return Math.floor((septetCount * 7) / 8);
}

/**
 * Packs bytes into septets as a little-endian bit stream (Firmata's Encoder7Bit layout): every
 * 7 bytes become 8 septets, the best any Firmata payload can do. Returns the end offset.
 */
export function packBytes(source: Uint8Array, start: number, end: number, target: Uint8Array, offset: number): number {
  let out = offset;
  let bits = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    bits |= source[i] << count;
    count += 8;
    while (count >= 7) {
      target[out++] = bits & 0x7f;
      bits >>= 7;
      count -= 7;
    }
  }
  if (count > 0) target[out++] = bits & 0x7f;
  return out;
}

/** Unpacks septets written by packBytes; returns the number of bytes written to `target`. */
export function unpackBytes(
  source: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
  offset: number,
  limit: number,
): number {
  let out = offset;
  let bits = 0;
  let count = 0;
  for (let i = start; i < end && out < limit; i++) {
    bits |= (source[i] & 0x7f) << count;
    count += 7;
    if (count >= 8) {
      target[out++] = bits & 0xff;
      bits >>= 8;
      count -= 8;
    }
  }
  return out - offset;
}
