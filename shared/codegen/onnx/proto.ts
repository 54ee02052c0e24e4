/**
 * The protocol-buffers wire format, the little of it ONNX needs, written by hand (no dependency, no code
 * generation, runs in the browser and in Node). Writing builds a list of byte chunks so that a tensor's data
 * is referenced, never copied, until the caller writes the chunks out (VGG-16's weights are 553 MB). Reading
 * walks a byte array with bounds checked on every step: a truncated or hostile file ends in a ProtoError,
 * never in an out-of-range read or an endless loop.
 */

export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** A malformed message; the importer turns it into a coded error. */
export class ProtoError extends Error {}

/** UTF-8 by hand: shared/ has no DOM or Node types, so TextEncoder is not available to it. */
export function utf8(value: string): Uint8Array {
  const out: number[] = [];
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8; a malformed sequence becomes U+FFFD (names are for display and matching only). */
export function text(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const extra = b < 0x80 ? 0 : b >= 0xf8 ? -1 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (extra < 0 || i + extra >= bytes.length) {
      out += '\ufffd';
      i += 1;
      continue;
    }
    let c = extra === 0 ? b : b & (0x3f >> extra);
    let bad = false;
    for (let k = 1; k <= extra; k += 1) {
      const next = bytes[i + k] as number;
      if ((next & 0xc0) !== 0x80) bad = true;
      c = (c << 6) | (next & 0x3f);
    }
    if (c > 0x10ffff) bad = true;
    out += bad ? '\ufffd' : String.fromCodePoint(c);
    i += bad ? 1 : extra + 1;
  }
  return out;
}

/** An encoded message: chunks in order and their total length. */
export class Chunks {
  readonly parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  /** One contiguous array (tests, small messages); large models are written chunk by chunk. */
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function varintBytes(value: number | bigint): Uint8Array {
  // Negative int64 values take ten bytes (two's complement over 64 bits), as protobuf encodes them.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

/** Fields of one message, appended in the order the caller writes them. */
export class MessageWriter {
  readonly chunks = new Chunks();

  private tag(field: number, wire: WireType): void {
    this.chunks.push(varintBytes(field * 8 + wire));
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, WireType.varint);
    this.chunks.push(varintBytes(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WireType.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array | Chunks): this {
    this.tag(field, WireType.bytes);
    this.chunks.push(varintBytes(value.length));
    if (value instanceof Chunks) for (const p of value.parts) this.chunks.push(p);
    else this.chunks.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8(value));
  }

  message(field: number, message: MessageWriter): this {
    return this.bytes(field, message.chunks);
  }

  /** A packed repeated varint field (proto3's default for repeated scalars). */
  packedInts(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const packed = new Chunks();
    for (const v of values) packed.push(varintBytes(v));
    return this.bytes(field, packed);
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.bytes(field, b);
  }
}

/** One field as read: varints as numbers (int64 beyond ±2^53 is refused), bytes as a view into the input. */
export type ProtoField =
  | { readonly field: number; readonly wire: 0; readonly value: number }
  | { readonly field: number; readonly wire: 1; readonly value: DataView }
  | { readonly field: number; readonly wire: 2; readonly value: Uint8Array }
  | { readonly field: number; readonly wire: 5; readonly value: DataView };

const TWO_32 = 2 ** 32;

/** Reads a varint at `at`; returns the value (as a signed int64 within the safe range) and the next offset. */
export function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let lo = 0;
  let hi = 0;
  let i = 0;
  for (; ; i += 1) {
    if (at + i >= bytes.length) throw new ProtoError('truncated varint');
    if (i >= 10) throw new ProtoError('varint longer than ten bytes');
    const b = bytes[at + i] as number;
    if (i < 4) lo |= (b & 0x7f) << (7 * i);
    else if (i === 4) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >> 4;
    } else hi |= (b & 0x7f) << (7 * i - 32);
    if ((b & 0x80) === 0) break;
  }
  lo >>>= 0;
  let value: number;
  if (hi & 0x80000000) {
    // Negative: two's complement of the 64-bit value.
    const nlo = (~lo + 1) >>> 0;
    const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
    value = -(nhi * TWO_32 + nlo);
  } else value = (hi >>> 0) * TWO_32 + lo;
  if (!Number.isSafeInteger(value)) throw new ProtoError('integer outside the safe range');
  return [value, at + i + 1];
}

/** The fields of one message, in file order. */
export function* fields(bytes: Uint8Array): Generator<ProtoField> {
  let at = 0;
  while (at < bytes.length) {
    const [key, next] = readVarint(bytes, at);
    at = next;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field < 1) throw new ProtoError('field number 0');
    if (wire === WireType.varint) {
      const [value, after] = readVarint(bytes, at);
      at = after;
      yield { field, wire, value };
    } else if (wire === WireType.bytes) {
      const [length, after] = readVarint(bytes, at);
      if (length < 0 || after + length > bytes.length) throw new ProtoError('length past the end');
      yield { field, wire, value: bytes.subarray(after, after + length) };
      at = after + length;
    } else if (wire === WireType.fixed32 || wire === WireType.fixed64) {
      const size = wire === WireType.fixed32 ? 4 : 8;
      if (at + size > bytes.length) throw new ProtoError('truncated fixed-size field');
      const value = new DataView(bytes.buffer, bytes.byteOffset + at, size);
      at += size;
      yield wire === WireType.fixed32 ? { field, wire, value } : { field, wire, value };
    } else throw new ProtoError(`unsupported wire type ${wire}`);
  }
}

/** A repeated varint field, packed (one bytes field) or not (one varint per value). */
export function pushInts(out: number[], f: ProtoField): void {
  if (f.wire === WireType.varint) out.push(f.value);
  else if (f.wire === WireType.bytes) {
    for (let at = 0; at < f.value.length;) {
      const [v, next] = readVarint(f.value, at);
      out.push(v);
      at = next;
    }
  } else throw new ProtoError(`field ${f.field}: expected integers`);
}

/** A repeated float field, packed or not. */
export function pushFloats(out: number[], f: ProtoField): void {
  if (f.wire === WireType.fixed32) out.push(f.value.getFloat32(0, true));
  else if (f.wire === WireType.bytes) {
    if (f.value.length % 4 !== 0) throw new ProtoError(`field ${f.field}: packed floats of odd length`);
    const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.length);
    for (let at = 0; at < f.value.length; at += 4) out.push(view.getFloat32(at, true));
  } else throw new ProtoError(`field ${f.field}: expected floats`);
}
