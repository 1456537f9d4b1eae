/**
 * The bytes of an imported file as text. A byte order mark decides (UTF-8, UTF-16 LE/BE); without one the bytes
 * are read as UTF-8 when they are valid UTF-8, else in the fallback encoding (Windows-1250 by default: Czech Excel
 * and Outlook write CSV in the Windows code page). Decoded in slices, so a 10 MB file never blocks for long.
 * Workbooks and binary files given by mistake are recognised before anything is decoded.
 */
import type { Slicer } from '../time-slices.ts';
import { MAX_IMPORT_BYTES, type ImportErrorCode } from './types.ts';

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; error: ImportErrorCode };

/** Bytes decoded between two turns of the event loop. */
const DECODE_SLICE = 512 * 1024;
/** How much of the file's start is examined for signs of a binary file. */
const SNIFF = 64 * 1024;

/** The encoding a byte order mark names, and the mark's length. */
export function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** A workbook (zip-based .xlsx/.ods, or the old OLE .xls) or a file that is not text at all; null for text. */
export function sniffBinary(bytes: Uint8Array): ImportErrorCode | null {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))
    return 'importErrSpreadsheet';
  const head = bytes.subarray(0, SNIFF);
  let controls = 0;
  for (const b of head) {
    // A NUL never appears in a text file in a one-byte encoding or UTF-8.
    if (b === 0) return 'importErrBinary';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls > head.length / 100 ? 'importErrBinary' : null;
}

/**
 * Decodes `bytes`, giving the slicer a chance to pause between slices. `fallback`: the encoding for bytes that
 * are not UTF-8 (a label TextDecoder knows).
 */
export async function decodeBytes(
  bytes: Uint8Array,
  slicer: Slicer,
  onProgress: (done: number) => void = () => undefined,
  fallback = 'windows-1250',
): Promise<Decoded> {
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, error: 'importErrTooLarge' };
  const bom = bomEncoding(bytes);
  if (!bom) {
    const binary = sniffBinary(bytes);
    if (binary) return { ok: false, error: binary };
  }
  const encodings = bom ? [bom.encoding] : ['utf-8', fallback];
  for (const encoding of encodings) {
    const text = await decodeAs(bytes, encoding, slicer, onProgress);
    if (text === null) continue;
    if (text.trim() === '') return { ok: false, error: 'importErrEmpty' };
    return { ok: true, text, encoding };
  }
  // The fallback decoder never fails (one byte, one character); only a broken UTF-16 file gets here.
  return { ok: false, error: 'importErrBinary' };
}

/** Null when the bytes are not valid in `encoding`. The decoder skips a byte order mark of its own encoding. */
async function decodeAs(
  bytes: Uint8Array,
  encoding: string,
  slicer: Slicer,
  onProgress: (done: number) => void,
): Promise<string | null> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parts: string[] = [];
  try {
    for (let at = 0; at < bytes.length; at += DECODE_SLICE) {
      const end = Math.min(at + DECODE_SLICE, bytes.length);
      parts.push(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }));
      onProgress(end);
      if (slicer.due()) await slicer.pause();
    }
    parts.push(decoder.decode());
  } catch (e) {
    if (e instanceof TypeError) return null;
    throw e;
  }
  return parts.join('');
}
