/**
 * Columns of a contacts table (src/shared/contacts-import/columns.ts): recognising real export headers, and the
 * pure mapping of rows to contacts.
 */
import { describe, expect, it } from 'vitest';
import {
  applyMapping,
  foldHeader,
  phonesInCell,
  phoneTypeOf,
  recogniseColumns,
} from '../../../src/shared/contacts-import/columns.ts';
import { GOOGLE_HEADERS, OLD_GOOGLE_HEADERS, OUTLOOK_HEADERS, THUNDERBIRD_CS } from '../../support/contact-exports.ts';

describe('recogniseColumns', () => {
  it('reads Outlook: name parts, company, every phone column with its type, but not pager, telex or e-mail', () => {
    const { mapping, recognised } = recogniseColumns(OUTLOOK_HEADERS);
    expect(recognised).toBe(true);
    expect(mapping).toMatchObject({
      header: true,
      first: 0,
      middle: 1,
      last: 2,
      company: OUTLOOK_HEADERS.indexOf('Company'),
    });
    expect(mapping.name).toBeUndefined();
    const phones = Object.fromEntries(mapping.phones.map((p) => [OUTLOOK_HEADERS[p.column], p.type]));
    expect(phones).toEqual({
      'Primary Phone': 'other',
      'Home Phone': 'home',
      'Home Phone 2': 'home',
      'Mobile Phone': 'mobile',
      'Home Fax': 'fax',
      'Company Main Phone': 'work',
      'Business Phone': 'work',
      'Business Phone 2': 'work',
      'Business Fax': 'fax',
      "Assistant's Phone": 'other',
      'Other Phone': 'other',
      'Other Fax': 'fax',
      Callback: 'other',
      'Car Phone': 'other',
      ISDN: 'other',
      'Radio Phone': 'other',
      'TTY/TDD Phone': 'other',
    });
  });

  it('reads Google: the number columns, each with its label column', () => {
    const { mapping, recognised } = recogniseColumns(GOOGLE_HEADERS);
    expect(recognised).toBe(true);
    expect(mapping).toMatchObject({ first: 0, middle: 1, last: 2, company: 10 });
    expect(mapping.phones).toEqual([
      { column: 20, type: 'other', typeColumn: 19 },
      { column: 22, type: 'other', typeColumn: 21 },
    ]);
  });

  it('reads Google\'s older export ("Phone 1 - Type")', () => {
    const { mapping, recognised } = recogniseColumns(OLD_GOOGLE_HEADERS);
    expect(recognised).toBe(true);
    expect(mapping).toMatchObject({
      name: 0,
      first: 1,
      middle: 2,
      last: 3,
      company: 7,
      phones: [{ column: 9, typeColumn: 8 }],
    });
  });

  it('reads Czech headers (Thunderbird)', () => {
    const { mapping, recognised } = recogniseColumns(THUNDERBIRD_CS);
    expect(recognised).toBe(true);
    expect(mapping).toMatchObject({ first: 0, last: 1, name: 2, company: 11 });
    expect(mapping.phones.map((p) => [THUNDERBIRD_CS[p.column], p.type])).toEqual([
      ['Telefon do zaměstnání', 'work'],
      ['Telefon domů', 'home'],
      ['Faxové číslo', 'fax'],
      ['Číslo na mobil', 'mobile'],
    ]);
  });

  it.each([
    [['Jméno', 'Příjmení', 'Firma', 'Telefon', 'Mobil'], { first: 0, last: 1, company: 2 }, ['other', 'mobile']],
    [
      ['Celé jméno', 'Společnost', 'Mobilní telefon', 'Pevná linka', 'Linka'],
      { name: 0, company: 1 },
      ['mobile', 'work', 'internal'],
    ],
    [['Meno', 'Priezvisko', 'Telefón'], { first: 0, last: 1 }, ['other']],
    [['Vorname', 'Nachname', 'Firma', 'Telefon', 'Handy'], { first: 0, last: 1, company: 2 }, ['other', 'mobile']],
    [['Imię', 'Nazwisko', 'Telefon komórkowy'], { first: 0, last: 1 }, ['mobile']],
    [['name', 'phone'], { name: 0 }, ['other']],
    [['Company', 'Tel.'], { company: 0 }, ['other']],
    [['  CONTACT NAME ', 'Cell phone', 'Work phone', 'Fax'], { name: 0 }, ['mobile', 'work', 'fax']],
  ])('reads spreadsheet headers %j', (headers, fields, types) => {
    const { mapping, recognised } = recogniseColumns(headers);
    expect(recognised).toBe(true);
    expect(mapping).toMatchObject(fields);
    expect(mapping.phones.map((p) => p.type)).toEqual(types);
  });

  it.each([
    [['Jméno', 'E-mail', 'Poznámka']],
    [['Telefon', 'Poznámka']],
    [['A', 'B', 'C']],
    [['Číslo popisné', 'Ulice', 'Jméno']],
    [[]],
  ])('does not claim to understand %j', (headers) => {
    expect(recogniseColumns(headers).recognised).toBe(false);
  });
});

describe('phonesInCell', () => {
  it('splits several numbers in one cell (Google\'s " ::: ", commas, semicolons, line breaks)', () => {
    expect(phonesInCell('+420 777 888 999 ::: 602 111 222', 'mobile').map((p) => p.number)).toEqual([
      '+420 777 888 999',
      '602 111 222',
    ]);
    expect(phonesInCell('777 888 999, 602 111 222; 603 333 444\n604 555 666', 'other')).toHaveLength(4);
    expect(phonesInCell('030/1234567', 'work')).toEqual([{ number: '030/1234567', type: 'work' }]);
  });

  it("keeps Excel's text form and drops what Excel already ruined or what is not a number", () => {
    expect(phonesInCell('="+420777888999"', 'other')).toEqual([{ number: '+420777888999', type: 'other' }]);
    expect(phonesInCell('4,20778E+11', 'other')).toEqual([]);
    expect(phonesInCell('4.20778e11', 'other')).toEqual([]);
    expect(phonesInCell('N/A', 'other')).toEqual([]);
    expect(phonesInCell('12', 'other')).toEqual([]);
    expect(phonesInCell('1'.repeat(21), 'other')).toEqual([]);
    expect(phonesInCell('', 'other')).toEqual([]);
    expect(phonesInCell('445', 'internal')).toEqual([{ number: '445', type: 'internal' }]);
  });
});

describe('phoneTypeOf and foldHeader', () => {
  it('reads types from labels', () => {
    expect(['* Mobile', 'Work', 'Home', 'Main', 'Work Fax', 'Pager', 'Mobilní', 'Domů', ''].map(phoneTypeOf)).toEqual([
      'mobile',
      'work',
      'home',
      'work',
      'fax',
      'other',
      'mobile',
      'home',
      'other',
    ]);
  });

  it('folds headers', () => {
    expect(foldHeader(' Příjmení ')).toBe('prijmeni');
    expect(foldHeader('Phone 1 - Value')).toBe('phone 1 value');
    expect(foldHeader("Assistant's Phone")).toBe('assistant s phone');
  });
});

describe('applyMapping', () => {
  it('builds names from parts or a full-name column, keeps the company, and types numbers by a label column', () => {
    const rows = [
      ['Jan', '', 'Novák', 'Stavby Novák s.r.o.', '* Mobile', '777 888 999', 'Work', '222 333 444'],
      ['', '', '', 'ACME', '', '602 111 222', '', ''],
      ['', '', '', '', 'Home', '603 000 000', '', ''],
    ];
    const mapping = {
      header: true,
      first: 0,
      middle: 1,
      last: 2,
      company: 3,
      phones: [
        { column: 5, type: 'other' as const, typeColumn: 4 },
        { column: 7, type: 'other' as const, typeColumn: 6 },
      ],
    };
    expect(applyMapping(rows, mapping)).toEqual({
      contacts: [
        {
          name: 'Jan Novák',
          company: 'Stavby Novák s.r.o.',
          phones: [
            { number: '777 888 999', type: 'mobile' },
            { number: '222 333 444', type: 'work' },
          ],
        },
        { name: 'ACME', company: 'ACME', phones: [{ number: '602 111 222', type: 'other' }] },
        { name: '603 000 000', company: '', phones: [{ number: '603 000 000', type: 'home' }] },
      ],
      skipped: [],
      blank: [],
    });
  });

  it('prefers the full-name column, and reports rows without a number and blank rows by index', () => {
    const rows = [
      ['Jan Novák', 'Jan', '777888999'],
      ['Eva', 'Eva', 'none'],
      ['', ' ', ''],
      ['Petr', '', '602 111 222'],
      ['Short'],
    ];
    expect(applyMapping(rows, { header: true, name: 0, first: 1, phones: [{ column: 2, type: 'mobile' }] })).toEqual({
      contacts: [
        { name: 'Jan Novák', company: '', phones: [{ number: '777888999', type: 'mobile' }] },
        { name: 'Petr', company: '', phones: [{ number: '602 111 222', type: 'mobile' }] },
      ],
      skipped: [1, 4],
      blank: [2],
    });
  });

  it('cleans cells: control characters and runs of spaces, cut to 200 characters', () => {
    const [contact] = applyMapping([[`  Jan\t\u0000Novák  ${'x'.repeat(300)}`, '777888999']], {
      header: true,
      name: 0,
      phones: [{ column: 1, type: 'other' }],
    }).contacts;
    expect(contact?.name.startsWith('Jan Novák xxx')).toBe(true);
    expect(contact?.name).toHaveLength(200);
  });
});
