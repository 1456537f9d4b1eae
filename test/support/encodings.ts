/**
 * Bytes of a text in the encodings contact files come in, for import tests. Windows-1250 is derived from the
 * platform's own decoder (TextDecoder knows it, TextEncoder only writes UTF-8), so the test does not carry a table.
 */
/** Windows-1250 byte of each UTF-16 code unit that has one. */
const WIN1250 = new Map<number, number>();
const decoder = new TextDecoder('windows-1250');
for (let b = 0; b < 256; b++) WIN1250.set(decoder.decode(Uint8Array.of(b)).charCodeAt(0), b);

export function windows1250(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const byte = unit < 0x80 ? unit : WIN1250.get(unit);
    if (byte === undefined) throw new Error(`not in Windows-1250: ${text.charAt(i)}`);
    out[i] = byte;
  }
  return out;
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  return bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body;
}

export function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [hi, lo] = [unit >> 8, unit & 0xff];
    out.set(order === 'le' ? [lo, hi] : [hi, lo], 2 + i * 2);
  }
  return out;
}
