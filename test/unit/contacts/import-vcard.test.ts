/**
 * Importing vCard files (src/shared/contacts-import/vcard.ts and vcard-line.ts): versions 2.1, 3.0 and 4.0 as
 * phones, Google, Apple and Outlook write them.
 */
import { describe, expect, it } from 'vitest';
import { importContactsFile, type ImportResult } from '../../../src/shared/contacts-import/import-file.ts';
import {
  decodeQuotedPrintable,
  parseLine,
  splitStructured,
  unescapeText,
} from '../../../src/shared/contacts-import/vcard-line.ts';
import { looksLikeVcard, telType } from '../../../src/shared/contacts-import/vcard.ts';
import { utf8, windows1250 } from '../../support/encodings.ts';

function contactsOf(result: ImportResult) {
  if (result.kind !== 'contacts') throw new Error(`expected contacts, got ${JSON.stringify(result)}`);
  return result;
}

const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('vCard versions', () => {
  it('reads 3.0 (Google, Apple): FN, N, ORG, several TEL with types, folded lines, escapes', async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Jan Nov',
      ' ák',
      'N:Novák;Jan;;;',
      'ORG:Stavby Novák\\, s.r.o.;Stavba',
      'TEL;TYPE=CELL:+420 777 888 999',
      'TEL;TYPE=WORK,VOICE:222 333 444',
      'item1.TEL;type=pref:602 111 222',
      'item1.X-ABLabel:_$!<Other>!$_',
      'TEL;TYPE=HOME,FAX:222 333 445',
      'EMAIL;TYPE=INTERNET:jan@example.cz',
      'END:VCARD',
    );
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts).toEqual([
      {
        name: 'Jan Novák',
        company: 'Stavby Novák, s.r.o.',
        phones: [
          { number: '+420 777 888 999', type: 'mobile' },
          { number: '222 333 444', type: 'work' },
          { number: '602 111 222', type: 'other' },
          { number: '222 333 445', type: 'fax' },
        ],
      },
    ]);
    expect(report).toMatchObject({
      format: 'vcard',
      encoding: 'utf-8',
      records: 1,
      contacts: 1,
      skipped: 0,
      positions: 'line',
    });
  });

  it('reads 4.0: TEL as a tel: URI with quoted types, tab-folded lines', async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Eva Dvořáková',
      'TEL;VALUE=uri;TYPE="voice,cell":tel:+420-602-111-222',
      'TEL;VALUE=uri;TYPE=work:tel:+420-222-333-444;ext=12',
      'TEL;VALUE=uri;PREF=1:tel:+42060',
      '\t3000001',
      'END:VCARD',
    );
    const { contacts } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts[0]?.phones).toEqual([
      { number: '+420-602-111-222', type: 'mobile' },
      { number: '+420-222-333-444', type: 'work' },
      { number: '+420603000001', type: 'other' },
    ]);
  });

  it('reads 2.1 (Android, Outlook): bare parameters, quoted-printable in UTF-8 with soft line breaks', async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=A0=C5=A5astn=C3=BD;Ji=C5=99=C3=AD;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ji=C5=99=C3=AD =C5=A0=C5=A5a=',
      'stn=C3=BD',
      'ORG;QUOTED-PRINTABLE;CHARSET=windows-1250:=8Elut=FD k=F9=F2',
      'TEL;CELL;PREF:+420777888999',
      'TEL;WORK;VOICE:222333444',
      'TEL;HOME:222 333 445',
      'PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD',
      ' /2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q',
      '',
      'END:VCARD',
    );
    const { contacts } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts).toEqual([
      {
        name: 'Jiří Šťastný',
        company: 'Žlutý kůň',
        phones: [
          { number: '+420777888999', type: 'mobile' },
          { number: '222333444', type: 'work' },
          { number: '222 333 445', type: 'home' },
        ],
      },
    ]);
  });

  it('reads a 2.1 file in Windows-1250 (no quoted-printable)', async () => {
    const text = crlf('BEGIN:VCARD', 'VERSION:2.1', 'N:Čermáková;Žaneta', 'TEL;CELL:602111222', 'END:VCARD');
    const result = contactsOf(await importContactsFile(windows1250(text)));
    expect(result.contacts[0]?.name).toBe('Žaneta Čermáková');
    expect(result.report.encoding).toBe('windows-1250');
  });

  it('reads many cards, LF or CR line ends, lower-case names, and a BOM', async () => {
    const card = (name: string, tel: string) => `begin:vcard\nversion:3.0\nfn:${name}\ntel:${tel}\nend:vcard\n`;
    const text = `\ufeff${card('Jan', '777888999')}${card('Eva', '602111222')}`;
    expect(contactsOf(await importContactsFile(utf8(text))).contacts.map((c) => c.name)).toEqual(['Jan', 'Eva']);
    expect(contactsOf(await importContactsFile(utf8(text.replace(/\n/g, '\r')))).contacts).toHaveLength(2);
  });
});

describe('names', () => {
  it('takes FN, else N (given additional family), else ORG, else the number', async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Novák;Jan;Maria;Ing.;',
      'TEL:777888999',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'ORG:ACME',
      'TEL:602111222',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'TEL:603111222',
      'END:VCARD',
    );
    expect(contactsOf(await importContactsFile(utf8(text))).contacts.map((c) => [c.name, c.company])).toEqual([
      ['Jan Maria Novák', ''],
      ['ACME', 'ACME'],
      ['603111222', ''],
    ]);
  });

  it("skips a card inside a card (2.1's AGENT) with it", async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'FN:Boss',
      'AGENT:',
      'BEGIN:VCARD',
      'FN:Assistant',
      'TEL:602111222',
      'END:VCARD',
      'TEL:777888999',
      'END:VCARD',
    );
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts).toEqual([{ name: 'Boss', company: '', phones: [{ number: '777888999', type: 'other' }] }]);
    expect(report.records).toBe(1);
  });
});

describe('bad vCards are reported, never lost silently', () => {
  it('counts cards without a usable number, by the line where they begin', async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'FN:Jan',
      'TEL:777888999',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Nobody',
      'EMAIL:x@y.z',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Eva',
      'TEL:12',
      'END:VCARD',
    );
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts.map((c) => c.name)).toEqual(['Jan']);
    expect(report).toMatchObject({ records: 3, skipped: 2, skippedAt: [5, 9], positions: 'line' });
  });

  it('keeps a last card without END:VCARD, with a warning', async () => {
    const text = crlf('BEGIN:VCARD', 'FN:Jan', 'TEL:777888999', 'END:VCARD', 'BEGIN:VCARD', 'FN:Eva', 'TEL:602111222');
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts.map((c) => c.name)).toEqual(['Jan', 'Eva']);
    expect(report.warnings).toEqual([{ code: 'importWarnUnfinishedCard', at: 5 }]);
  });

  it('gives error codes for a vCard file without cards or without numbers', async () => {
    expect(await importContactsFile(utf8('BEGIN:VCARD\r\n'))).toEqual({ kind: 'error', error: 'importErrBadVcard' });
    expect(await importContactsFile(utf8(crlf('BEGIN:VCARD', 'FN:Jan', 'END:VCARD')))).toEqual({
      kind: 'error',
      error: 'importErrNoNumbers',
    });
  });

  it('reads 10,000 cards in time slices', async () => {
    const card = (i: number) =>
      crlf(
        'BEGIN:VCARD',
        'VERSION:3.0',
        `FN:Person ${i}`,
        `TEL;TYPE=CELL:+420 602 ${String(i).padStart(6, '0')}`,
        'END:VCARD',
      );
    const text = Array.from({ length: 10_000 }, (_, i) => card(i)).join('');
    let turns = 0;
    const { contacts, report } = contactsOf(
      await importContactsFile(utf8(text), { sliceMs: 0, yieldNow: async () => void turns++ }),
    );
    expect(contacts).toHaveLength(10_000);
    expect(contacts[9_999]?.phones[0]?.number).toBe('+420 602 009999');
    expect(report.records).toBe(10_000);
    expect(turns).toBeGreaterThan(10);
  });
});

describe('vCard lines', () => {
  it('parses names, groups, bare and quoted parameters, a colon inside quotes', () => {
    expect(parseLine('item1.TEL;TYPE="voice,cell";X-NOTE="a:b":+420 777')).toEqual({
      name: 'TEL',
      types: ['voice', 'cell'],
      value: '+420 777',
      quotedPrintable: false,
      charset: 'utf-8',
    });
    expect(parseLine('TEL;CELL;QUOTED-PRINTABLE;CHARSET=ISO-8859-2:x')).toMatchObject({
      types: ['cell'],
      quotedPrintable: true,
      charset: 'iso-8859-2',
    });
    expect(parseLine('TEL;ENCODING=QUOTED-PRINTABLE:x')?.quotedPrintable).toBe(true);
    expect(parseLine('no colon here')).toBeNull();
  });

  it('decodes quoted-printable in the named charset, and falls back for an unknown one', () => {
    expect(decodeQuotedPrintable('Nov=C3=A1k', 'utf-8')).toBe('Novák');
    expect(decodeQuotedPrintable('Nov=E1k', 'iso-8859-2')).toBe('Novák');
    expect(decodeQuotedPrintable('Nov=C3=A1k', 'no-such-charset')).toBe('Novák');
    expect(decodeQuotedPrintable('=8Elut=FD', 'utf-8')).toBe('Žlutý');
    expect(decodeQuotedPrintable('a=zz=3', 'utf-8')).toBe('a=zz=3');
  });

  it('splits structured values and removes escapes', () => {
    expect(splitStructured('Novák;Jan\\; Maria;;Ing.\\,;')).toEqual(['Novák', 'Jan; Maria', '', 'Ing.,', '']);
    expect(unescapeText('a\\,b\\;c\\\\d\\ne')).toBe('a,b;c\\d e');
  });

  it('types numbers: fax first, then mobile, work, home', () => {
    expect(telType(['work', 'fax'])).toBe('fax');
    expect(telType(['cell', 'work'])).toBe('mobile');
    expect(telType(['iphone'])).toBe('mobile');
    expect(telType(['voice', 'work'])).toBe('work');
    expect(telType(['home'])).toBe('home');
    expect(telType(['pref'])).toBe('other');
  });

  it('tells a vCard file by its first line', () => {
    expect(looksLikeVcard('\ufeff\r\nBEGIN:VCARD\r\n')).toBe(true);
    expect(looksLikeVcard('begin:vcard')).toBe(true);
    expect(looksLikeVcard('Name,Phone\nBEGIN:VCARD\n')).toBe(false);
  });
});
