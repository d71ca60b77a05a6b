/**
 * A minimal msgpack decoder, enough for borg's `hints.N` file (a map of maps of integers).
 * Maps become plain objects keyed by the key's text (`String(int)` for integer keys), str and
 * bin both become strings (borg 1.x packs its dict keys as raw bytes), extension types are
 * refused. Throws on truncated or unknown input; callers treat that as "not a hints file".
 */
export function decodeMsgpack(buf: Uint8Array): unknown {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > buf.length) throw new Error('msgpack: truncated');
  };
  const uint = (bytes: 1 | 2 | 4 | 8): number => {
    need(bytes);
    const at = pos;
    pos += bytes;
    if (bytes === 1) return view.getUint8(at);
    if (bytes === 2) return view.getUint16(at);
    if (bytes === 4) return view.getUint32(at);
    return Number(view.getBigUint64(at));
  };
  const int = (bytes: 1 | 2 | 4 | 8): number => {
    need(bytes);
    const at = pos;
    pos += bytes;
    if (bytes === 1) return view.getInt8(at);
    if (bytes === 2) return view.getInt16(at);
    if (bytes === 4) return view.getInt32(at);
    return Number(view.getBigInt64(at));
  };
  const text = (n: number): string => {
    need(n);
    const s = Buffer.from(buf.buffer, buf.byteOffset + pos, n).toString('utf8');
    pos += n;
    return s;
  };
  const map = (n: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = value();
      out[String(k)] = value();
    }
    return out;
  };
  const array = (n: number): unknown[] => Array.from({ length: n }, () => value());
  const value = (): unknown => {
    const b = uint(1);
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b >= 0x80 && b <= 0x8f) return map(b & 0x0f);
    if (b >= 0x90 && b <= 0x9f) return array(b & 0x0f);
    if (b >= 0xa0 && b <= 0xbf) return text(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xd9:
        return text(uint(1));
      case 0xc5:
      case 0xda:
        return text(uint(2));
      case 0xc6:
      case 0xdb:
        return text(uint(4));
      case 0xca:
        need(4);
        return view.getFloat32((pos += 4) - 4);
      case 0xcb:
        need(8);
        return view.getFloat64((pos += 8) - 8);
      case 0xcc:
        return uint(1);
      case 0xcd:
        return uint(2);
      case 0xce:
        return uint(4);
      case 0xcf:
        return uint(8);
      case 0xd0:
        return int(1);
      case 0xd1:
        return int(2);
      case 0xd2:
        return int(4);
      case 0xd3:
        return int(8);
      case 0xdc:
        return array(uint(2));
      case 0xdd:
        return array(uint(4));
      case 0xde:
        return map(uint(2));
      case 0xdf:
        return map(uint(4));
      default:
        throw new Error(`msgpack: unsupported type 0x${b.toString(16)}`);
    }
  };
  const out = value();
  if (pos !== buf.length) throw new Error('msgpack: trailing bytes');
  return out;
}
