/**
 * A minimal msgpack decoder, enough for borg's `hints.N` file (a map of maps of integers).
 * Maps become plain objects keyed by the key's text (`String(int)` for integer keys), str and
 * bin both become strings (borg 1.x packs its dict keys as raw bytes), extension types are
 * refused. Throws on truncated or unknown input; callers treat that as "not a hints file".
 */
export function decodeMsgpack(buf: Uint8Array): unknown {
  const reader = new MsgpackReader(buf);
  const out = reader.value();
  if (!reader.atEnd()) throw new Error('msgpack: trailing bytes');
  return out;
}

type Width = 1 | 2 | 4 | 8;

class MsgpackReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  atEnd(): boolean {
    return this.pos === this.buf.length;
  }

  value(): unknown {
    const b = this.uint(1);
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b <= 0x8f) return this.map(b & 0x0f);
    if (b <= 0x9f) return this.array(b & 0x0f);
    if (b <= 0xbf) return this.text(b & 0x1f);
    return this.typed(b);
  }

  /** The types 0xc0-0xdf, whose first byte names the type and, for most, the width of a length. */
  private typed(b: number): unknown {
    if (b === 0xc0) return null;
    if (b === 0xc2) return false;
    if (b === 0xc3) return true;
    const textWidth = TEXT_WIDTHS[b];
    if (textWidth) return this.text(this.uint(textWidth));
    if (b === 0xca) return this.float(4);
    if (b === 0xcb) return this.float(8);
    if (b >= 0xcc && b <= 0xcf) return this.uint(WIDTHS[b - 0xcc]!);
    if (b >= 0xd0 && b <= 0xd3) return this.int(WIDTHS[b - 0xd0]!);
    if (b === 0xdc || b === 0xdd) return this.array(this.uint(b === 0xdc ? 2 : 4));
    if (b === 0xde || b === 0xdf) return this.map(this.uint(b === 0xde ? 2 : 4));
    throw new Error(`msgpack: unsupported type 0x${b.toString(16)}`);
  }

  private take(n: number): number {
    if (this.pos + n > this.buf.length) throw new Error('msgpack: truncated');
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private uint(width: Width): number {
    const at = this.take(width);
    if (width === 1) return this.view.getUint8(at);
    if (width === 2) return this.view.getUint16(at);
    if (width === 4) return this.view.getUint32(at);
    return Number(this.view.getBigUint64(at));
  }

  private int(width: Width): number {
    const at = this.take(width);
    if (width === 1) return this.view.getInt8(at);
    if (width === 2) return this.view.getInt16(at);
    if (width === 4) return this.view.getInt32(at);
    return Number(this.view.getBigInt64(at));
  }

  private float(width: 4 | 8): number {
    const at = this.take(width);
    return width === 4 ? this.view.getFloat32(at) : this.view.getFloat64(at);
  }

  private text(n: number): string {
    const at = this.take(n);
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + at, n).toString('utf8');
  }

  private map(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = this.value();
      out[String(k)] = this.value();
    }
    return out;
  }

  private array(n: number): unknown[] {
    return Array.from({ length: n }, () => this.value());
  }
}

const WIDTHS: readonly Width[] = [1, 2, 4, 8];
/** bin 8/16/32 (0xc4-0xc6) and str 8/16/32 (0xd9-0xdb): the width of the length that follows. */
const TEXT_WIDTHS: Partial<Record<number, Width>> = {
  0xc4: 1,
  0xc5: 2,
  0xc6: 4,
  0xd9: 1,
  0xda: 2,
  0xdb: 4,
};
