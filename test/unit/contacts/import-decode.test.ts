/**
 * Reading the bytes of an imported file (src/shared/contacts-import/decode.ts): byte order marks, UTF-8 without
 * one, Windows-1250 when the bytes are not UTF-8, and files that are not text at all.
 */
import { describe, expect, it } from 'vitest';
import { bomEncoding, decodeBytes, sniffBinary } from '../../../src/shared/contacts-import/decode.ts';
import { MAX_IMPORT_BYTES } from '../../../src/shared/contacts-import/types.ts';
import { Slicer } from '../../../src/shared/time-slices.ts';
import { utf16, utf8, windows1250 } from '../../support/encodings.ts';

const CZECH = 'Jméno;Příjmení;Telefon\r\nJiří;Šťastný;777 888 999\r\nŽaneta;Čermáková;602 111 222\r\n';

function decode(bytes: Uint8Array, fallback?: string) {
  return decodeBytes(bytes, new Slicer(), undefined, fallback);
}

describe('decodeBytes', () => {
  it.each([
    ['UTF-8 without a BOM', utf8(CZECH), 'utf-8'],
    ['UTF-8 with a BOM', utf8(CZECH, true), 'utf-8'],
    ['UTF-16 LE with a BOM', utf16(CZECH, 'le'), 'utf-16le'],
    ['UTF-16 BE with a BOM', utf16(CZECH, 'be'), 'utf-16be'],
    ['Windows-1250 (Czech Excel)', windows1250(CZECH), 'windows-1250'],
  ])('reads %s', async (_, bytes, encoding) => {
    expect(await decode(bytes)).toEqual({ ok: true, text: CZECH, encoding });
  });

  it('reads plain ASCII as UTF-8', async () => {
    expect(await decode(utf8('Name,Phone\nJan,777\n'))).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('takes another fallback encoding when asked (a German Windows file)', async () => {
    const bytes = Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0xe0]); // "Müller à" in Windows-1252
    expect(await decode(bytes, 'windows-1252')).toEqual({ ok: true, text: 'Müller à', encoding: 'windows-1252' });
    expect(await decode(bytes)).toEqual({ ok: true, text: 'Müller ŕ', encoding: 'windows-1250' });
  });

  it('finds UTF-8 broken only near the end of a big file and reads it all as Windows-1250', async () => {
    const text = `${'Jan;777 888 999\n'.repeat(100_000)}Šťastný;602 111 222\n`;
    const decoded = await decode(windows1250(text));
    expect(decoded).toMatchObject({ ok: true, encoding: 'windows-1250' });
    expect(decoded.ok && decoded.text === text).toBe(true);
  });

  it('decodes in slices, reporting progress, and a character split between slices survives', async () => {
    const text = `${'ř'.repeat(400_000)}x`; // 800,001 bytes: a two-byte character is cut at 512 KiB
    let turns = 0;
    const done: number[] = [];
    const decoded = await decodeBytes(utf8(text), new Slicer({ sliceMs: 0, yieldNow: async () => void turns++ }), (d) =>
      done.push(d),
    );
    expect(decoded.ok && decoded.text === text).toBe(true);
    expect(turns).toBeGreaterThan(0);
    expect(done).toEqual([524_288, 800_001]);
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'importErrEmpty'],
    ['only spaces and line breaks', utf8(' \r\n\t\n'), 'importErrEmpty'],
    ['only a BOM', utf8('', true), 'importErrEmpty'],
    ['an .xlsx workbook (zip)', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 'importErrSpreadsheet'],
    [
      'an old .xls workbook',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'importErrSpreadsheet',
    ],
    [
      'a PNG image',
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'importErrBinary',
    ],
    ['a UTF-16 file whose BOM lies (odd length)', Uint8Array.from([0xff, 0xfe, 0x41]), 'importErrBinary'],
  ])('refuses %s', async (_, bytes, error) => {
    expect(await decode(bytes)).toEqual({ ok: false, error });
  });

  it('refuses a 2 MB binary file given by mistake, quickly', async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024);
    let seed = 1;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      bytes[i] = seed >> 16;
    }
    const started = performance.now();
    expect(await decode(bytes)).toEqual({ ok: false, error: 'importErrBinary' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses control characters without NUL bytes (a binary file in disguise)', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i % 10 === 0 ? 0x01 : 0x41));
    expect(await decode(bytes)).toEqual({ ok: false, error: 'importErrBinary' });
  });

  it('refuses a file over the size limit without reading it', async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
    expect(await decode(big)).toEqual({ ok: false, error: 'importErrTooLarge' });
  });
});

describe('bomEncoding and sniffBinary', () => {
  it('names the encoding of a byte order mark', () => {
    expect(bomEncoding(utf8('x', true))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(bomEncoding(utf16('x', 'le'))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(bomEncoding(utf16('x', 'be'))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(bomEncoding(utf8('x'))).toBeNull();
  });

  it('lets text through, tabs and form feeds included', () => {
    expect(sniffBinary(utf8('a\tb\r\nc\f'))).toBeNull();
    expect(sniffBinary(windows1250(CZECH))).toBeNull();
  });
});
