/**
 * One content line of a vCard (RFC 2426 for 3.0, RFC 6350 for 4.0, and the 2.1 form phones still export):
 * `[group.]NAME[;PARAM…]:value`, with 2.1's bare parameters (`TEL;CELL;VOICE:`), quoted parameter values
 * (`TYPE="voice,cell"`), backslash escapes, and quoted-printable values in a named charset.
 */

export interface VcardLine {
  /** Upper case, without the group ("item1.TEL" → "TEL"). */
  name: string;
  /** TYPE values and 2.1's bare parameters, lower case ("cell", "work", "pref"). */
  types: string[];
  /** The raw value: not yet unescaped or decoded. */
  value: string;
  quotedPrintable: boolean;
  charset: string;
}

/** Splits on `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Null for a line without a colon (not a property). */
export function parseLine(line: string): VcardLine | null {
  let colon = -1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [head = '', ...params] = splitOutsideQuotes(line.slice(0, colon), ';');
  const name = head
    .slice(head.lastIndexOf('.') + 1)
    .trim()
    .toUpperCase();
  const out: VcardLine = { name, types: [], value: line.slice(colon + 1), quotedPrintable: false, charset: 'utf-8' };
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? 'TYPE' : param.slice(0, eq)).trim().toUpperCase();
    const raw = (eq < 0 ? param : param.slice(eq + 1)).trim();
    // TYPE=cell,voice and TYPE="cell,voice" (4.0) name the same types.
    const values = raw
      .replace(/"/g, '')
      .split(',')
      .map((v) => v.trim().toLowerCase());
    if (key === 'TYPE') {
      if (values.includes('quoted-printable')) out.quotedPrintable = true;
      else out.types.push(...values.filter((v) => v !== ''));
    } else if (key === 'ENCODING') {
      out.quotedPrintable ||= values.includes('quoted-printable');
    } else if (key === 'CHARSET' && values[0]) {
      out.charset = values[0];
    }
  }
  return out;
}

/** Quoted-printable ("Nov=C3=A1k") to text in `charset`; an unknown charset is read as UTF-8. */
export function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const hex = value.slice(i + 1, i + 3);
    if (c === 61 /* = */ && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // Not ASCII: already text (the file was decoded before), kept as UTF-8 bytes.
      bytes.push(...new TextEncoder().encode(value.charAt(i)));
    }
  }
  const data = new Uint8Array(bytes);
  try {
    return new TextDecoder(charset, { fatal: true }).decode(data);
  } catch {
    // An unknown label, or bytes that are not in it: Windows code pages are what 2.1 writers use otherwise.
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return new TextDecoder('windows-1250').decode(data);
    }
  }
}

/** Splits a structured value (N, ORG) on unescaped ";" and removes the escapes (`\,` `\;` `\\` `\n`). */
export function splitStructured(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && i + 1 < value.length) {
      const next = value.charAt(++i);
      current += next === 'n' || next === 'N' ? ' ' : next;
    } else if (c === ';') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** A single-valued text (FN, TEL) without escapes. */
export function unescapeText(value: string): string {
  return value.replace(/\\([nN]|.)/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));
}
