/**
 * Importing CSV files end to end (importContactsFile → decode → csv.ts → columns.ts): real export formats,
 * encodings, delimiters, quoting, bad input reported instead of lost, a column mapping asked for, time slices.
 */
import { describe, expect, it } from 'vitest';
import {
  importContactsFile,
  type ImportProgress,
  type ImportResult,
} from '../../../src/shared/contacts-import/import-file.ts';
import { detectDelimiter } from '../../../src/shared/contacts-import/csv.ts';
import { MAX_LISTED_ROWS } from '../../../src/shared/contacts-import/types.ts';
import { utf16, utf8, windows1250 } from '../../support/encodings.ts';
import { GOOGLE_HEADERS, OUTLOOK_HEADERS } from '../../support/contact-exports.ts';

function contactsOf(result: ImportResult) {
  if (result.kind !== 'contacts') throw new Error(`expected contacts, got ${JSON.stringify(result).slice(0, 300)}`);
  return result;
}

function csvLine(cells: readonly string[], delimiter = ','): string {
  return cells.map((c) => (/[",\n\r;]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

describe('real exports', () => {
  it('imports an Outlook export (Windows-1250, as Czech Outlook writes it)', async () => {
    const row = OUTLOOK_HEADERS.map(() => '');
    const set = (header: string, value: string) => (row[OUTLOOK_HEADERS.indexOf(header)] = value);
    set('First Name', 'Jiří');
    set('Last Name', 'Šťastný');
    set('Company', 'Stavby Novák, s.r.o.');
    set('Mobile Phone', '+420 777 888 999');
    set('Business Phone', '222 333 444');
    set('Pager', '999 999 999');
    set('E-mail Address', 'jiri@example.cz');
    const text = `${csvLine(OUTLOOK_HEADERS)}\r\n${csvLine(row)}\r\n`;
    const { contacts, report } = contactsOf(await importContactsFile(windows1250(text)));
    expect(contacts).toEqual([
      {
        name: 'Jiří Šťastný',
        company: 'Stavby Novák, s.r.o.',
        phones: [
          { number: '+420 777 888 999', type: 'mobile' },
          { number: '222 333 444', type: 'work' },
        ],
      },
    ]);
    expect(report).toMatchObject({
      format: 'csv',
      encoding: 'windows-1250',
      delimiter: ',',
      records: 1,
      contacts: 1,
      skipped: 0,
    });
  });

  it('imports a Google export: labels give types, " ::: " holds several numbers, UTF-8 with a BOM', async () => {
    const cells = (
      first: string,
      last: string,
      org: string,
      label1: string,
      phone1: string,
      label2: string,
      phone2: string,
    ) => {
      const row = GOOGLE_HEADERS.map(() => '');
      row[0] = first;
      row[2] = last;
      row[10] = org;
      row[16] = '* myContacts';
      [row[19], row[20], row[21], row[22]] = [label1, phone1, label2, phone2];
      return csvLine(row);
    };
    const text = [
      csvLine(GOOGLE_HEADERS),
      cells('Jan', 'Novák', 'Stavby Novák', '* Mobile', '+420 777 888 999 ::: +420 602 111 222', 'Work', '222 333 444'),
      cells('Eva', '', '', 'Home', '603 000 000', '', ''),
    ].join('\r\n');
    const { contacts } = contactsOf(await importContactsFile(utf8(text, true)));
    expect(contacts).toEqual([
      {
        name: 'Jan Novák',
        company: 'Stavby Novák',
        phones: [
          { number: '+420 777 888 999', type: 'mobile' },
          { number: '+420 602 111 222', type: 'mobile' },
          { number: '222 333 444', type: 'work' },
        ],
      },
      { name: 'Eva', company: '', phones: [{ number: '603 000 000', type: 'home' }] },
    ]);
  });

  it('imports a Czech Excel export: Windows-1250, semicolons, Czech headers, commas inside values', async () => {
    const text =
      'Jméno;Příjmení;Firma;Telefon;Mobil\r\nJiří;Šťastný;Žlutý kůň, a.s.;222 333 444;777 888 999\r\nŽaneta;Čermáková;;;602 111 222\r\n';
    const { contacts, report } = contactsOf(await importContactsFile(windows1250(text)));
    expect(contacts.map((c) => [c.name, c.company, c.phones.map((p) => `${p.type}:${p.number}`)])).toEqual([
      ['Jiří Šťastný', 'Žlutý kůň, a.s.', ['other:222 333 444', 'mobile:777 888 999']],
      ['Žaneta Čermáková', '', ['mobile:602 111 222']],
    ]);
    expect(report).toMatchObject({ encoding: 'windows-1250', delimiter: ';', records: 2 });
  });

  it('imports Excel\'s "Unicode text": UTF-16 LE with a BOM, tab-separated', async () => {
    const text = 'Name\tCompany\tPhone\r\nJan Novák\tStavby\t777 888 999\r\n';
    const { contacts, report } = contactsOf(await importContactsFile(utf16(text, 'le')));
    expect(contacts).toEqual([
      { name: 'Jan Novák', company: 'Stavby', phones: [{ number: '777 888 999', type: 'other' }] },
    ]);
    expect(report).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
  });

  it('imports UTF-16 BE', async () => {
    const { contacts } = contactsOf(await importContactsFile(utf16('name,phone\nJan,777888999\n', 'be')));
    expect(contacts).toHaveLength(1);
  });
});

describe('CSV dialects', () => {
  it.each([
    ['|', 'name|phone\nJan Novák|777 888 999\n'],
    ['\t', 'name\tphone\nJan Novák\t777 888 999\n'],
    [';', 'sep=;\nname;phone\nJan Novák;777 888 999\n'],
    [',', 'name,phone\rJan Novák,777 888 999\r'],
    [',', 'name,phone\nJan Novák,777 888 999'],
  ])('reads delimiter %j', async (delimiter, text) => {
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts).toEqual([{ name: 'Jan Novák', company: '', phones: [{ number: '777 888 999', type: 'other' }] }]);
    expect(report.delimiter).toBe(delimiter);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', async () => {
    const text =
      'Name,Company,Phone,Notes\r\n"Novák, Jan","Firma ""Stavby""\r\ns.r.o.","777 888 999","line 1\nline 2, still notes"\r\nEva,,602 111 222,\r\n';
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts).toEqual([
      { name: 'Novák, Jan', company: 'Firma "Stavby" s.r.o.', phones: [{ number: '777 888 999', type: 'other' }] },
      { name: 'Eva', company: '', phones: [{ number: '602 111 222', type: 'other' }] },
    ]);
    expect(report.records).toBe(2);
  });

  it('detects the delimiter from the header line only, ignoring quoted ones', () => {
    expect(detectDelimiter('"a,b,c";"d"\n1,2,3,4,5').delimiter).toBe(';');
    expect(detectDelimiter('single').delimiter).toBe(',');
    expect(detectDelimiter('SEP=|\r\na|b')).toEqual({ delimiter: '|', body: 'a|b' });
  });
});

describe('bad input is reported, never lost silently', () => {
  it('counts rows without a usable number and lists them by spreadsheet row (header = row 1), blank rows skipped', async () => {
    const text = 'name,phone\nJan,777888999\nNobody,\n\nEva,n/a\nPetr,602111222\n';
    const { contacts, report } = contactsOf(await importContactsFile(utf8(text)));
    expect(contacts.map((c) => c.name)).toEqual(['Jan', 'Petr']);
    expect(report).toMatchObject({
      records: 4,
      contacts: 2,
      skipped: 2,
      skippedAt: [3, 5],
      positions: 'row',
      warnings: [],
    });
  });

  it('takes the first row with something in it as the header', async () => {
    const { contacts, report } = contactsOf(await importContactsFile(utf8('\n,,\nname,phone\nJan,\nEva,602111222\n')));
    expect(contacts.map((c) => c.name)).toEqual(['Eva']);
    expect(report).toMatchObject({ records: 2, skippedAt: [4] });
  });

  it('counts every skipped row but lists only the first ones', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `Person ${i},${i % 2 ? '777 888 999' : ''}`);
    const { report } = contactsOf(await importContactsFile(utf8(`name,phone\n${rows.join('\n')}\n`)));
    expect(report.skipped).toBe(60);
    expect(report.skippedAt).toHaveLength(MAX_LISTED_ROWS);
    expect(report.skippedAt.slice(0, 3)).toEqual([2, 4, 6]);
  });

  it('warns about a quote opened and never closed, with its row', async () => {
    const result = await importContactsFile(utf8('name,phone\nJan,777888999\n"Eva,602111222\nPetr,603111222\n'));
    const { contacts, report } = contactsOf(result);
    expect(contacts.map((c) => c.name)).toEqual(['Jan']);
    expect(report.warnings).toEqual([{ code: 'importWarnUnclosedQuote', at: 3 }]);
    expect(report.skipped).toBe(1);
  });

  it.each([
    ['an empty file', utf8(''), 'importErrEmpty'],
    ['a header row only', utf8('Jméno;Příjmení;Telefon\r\n'), 'importErrNoRows'],
    ['a header row and blank lines', utf8('name,phone\n\n\n,\n'), 'importErrNoRows'],
    ['rows without any number', utf8('name,phone\nJan,\nEva,none\n'), 'importErrNoNumbers'],
    ['a row of empty cells', utf8(',,,\n'), 'importErrEmpty'],
    ['a workbook', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'importErrSpreadsheet'],
  ])('gives an error code for %s', async (_, bytes, error) => {
    expect(await importContactsFile(bytes)).toEqual({ kind: 'error', error });
  });

  it('refuses a 2 MB binary file given by mistake', async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
    expect(await importContactsFile(bytes)).toEqual({ kind: 'error', error: 'importErrBinary' });
  });
});

describe('columns the import does not recognise', () => {
  const text = 'Kdo;Kde;Číslo;Poznámka\nJan Novák;Stavby;777 888 999;x\nEva;;602 111 222;y\n';

  it('asks for a mapping with the headers, a sample and what it could guess', async () => {
    expect(await importContactsFile(utf8(text))).toEqual({
      kind: 'needsMapping',
      request: {
        headers: ['Kdo', 'Kde', 'Číslo', 'Poznámka'],
        sample: [
          ['Jan Novák', 'Stavby', '777 888 999', 'x'],
          ['Eva', '', '602 111 222', 'y'],
        ],
        suggestion: { header: true, phones: [] },
        encoding: 'utf-8',
        delimiter: ';',
      },
    });
  });

  it('imports by the mapping the user chose', async () => {
    const mapping = { header: true, name: 0, company: 1, phones: [{ column: 2, type: 'mobile' as const }] };
    const { contacts } = contactsOf(await importContactsFile(utf8(text), { mapping }));
    expect(contacts).toEqual([
      { name: 'Jan Novák', company: 'Stavby', phones: [{ number: '777 888 999', type: 'mobile' }] },
      { name: 'Eva', company: '', phones: [{ number: '602 111 222', type: 'mobile' }] },
    ]);
  });

  it('imports a file without a header row when the mapping says so, counting rows from 1', async () => {
    const mapping = { header: false, name: 0, phones: [{ column: 1, type: 'other' as const }] };
    const { contacts, report } = contactsOf(
      await importContactsFile(utf8('Jan,777888999\nNobody,\nEva,602111222\n'), { mapping }),
    );
    expect(contacts.map((c) => c.name)).toEqual(['Jan', 'Eva']);
    expect(report).toMatchObject({ records: 3, skippedAt: [2] });
  });
});

describe('large files in time slices', () => {
  // 20,000 rows with multi-line quoted notes: chunk boundaries fall inside quoted fields.
  const rows = Array.from({ length: 20_000 }, (_, i) =>
    csvLine([
      `Person ${i}`,
      `Firma ${i % 97}`,
      `+420 602 ${String(i).padStart(6, '0')}`,
      `note ${i}\nsecond line, "quoted"\r\nthird`,
    ]),
  );
  const bytes = utf8(`Name,Company,Phone,Notes\r\n${rows.join('\r\n')}\r\n`);

  it('reads every row, yields to the event loop, reports progress up to the total', async () => {
    let turns = 0;
    const progress: ImportProgress[] = [];
    const result = await importContactsFile(bytes, {
      sliceMs: 0,
      yieldNow: async () => void turns++,
      onProgress: (p) => progress.push(p),
    });
    const { contacts, report } = contactsOf(result);
    expect(contacts).toHaveLength(20_000);
    expect(contacts[12_345]).toEqual({
      name: 'Person 12345',
      company: 'Firma 26',
      phones: [{ number: '+420 602 012345', type: 'other' }],
    });
    expect(report).toMatchObject({ records: 20_000, skipped: 0, warnings: [] });
    expect(turns).toBeGreaterThan(10);
    const parsing = progress.filter((p) => p.phase === 'parsing');
    expect(parsing.length).toBeGreaterThan(10);
    expect(parsing.every((p, i) => i === 0 || p.done >= (parsing[i - 1]?.done ?? 0))).toBe(true);
    expect(parsing.at(-1)).toMatchObject({ done: parsing.at(-1)?.total, contacts: 20_000 });
    expect(progress[0]?.phase).toBe('decoding');
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    let turns = 0;
    const result = importContactsFile(bytes, {
      sliceMs: 0,
      signal: abort.signal,
      yieldNow: async () => {
        if (++turns === 3) abort.abort(new Error('cancelled by the user'));
      },
    });
    await expect(result).rejects.toThrow('cancelled by the user');
  });
});
