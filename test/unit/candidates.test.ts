import { describe, it, expect } from 'vitest';
import { findCandidates, type Candidate } from '../../src/content/candidates.ts';
import { MAYBE_NUMBER } from '../../src/content/maybe-number.ts';

/** The main text of every candidate in `text`. */
function texts(text: string, before = ''): string[] {
  return findCandidates(text, before).map((c) => c.text);
}

/** Offsets must point at exactly the text they claim, for the candidate and for every reading of it. */
function expectConsistentSpans(text: string, found: Candidate[]): void {
  for (const c of found) {
    expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(c.options[0]).toEqual({ start: c.start, end: c.end, text: c.text });
    for (const o of c.options) {
      expect(text.slice(o.start, o.end)).toBe(o.text);
      expect(o.start).toBeGreaterThanOrEqual(c.start);
      expect(o.end).toBeLessThanOrEqual(c.end);
    }
  }
}

describe('MAYBE_NUMBER (the cheap pre-check)', () => {
  it.each(['777888999', '777 888 999', '1-2-3-4-5-6-7', 'x 1.2.3.4.5.6.7 y', '+420 777 888 999'])(
    '%j is worth a look',
    (t) => {
      expect(MAYBE_NUMBER.test(t)).toBe(true);
    },
  );

  it.each(['', 'no digits here', '123456', '12 34 56', '445', 'linka 4450', '12:30:45', '1:2:3:4:5:6:7'])(
    '%j is not',
    (t) => {
      expect(MAYBE_NUMBER.test(t)).toBe(false);
    },
  );
});

describe('findCandidates: phone numbers in many national and international spellings', () => {
  it.each([
    // Czech
    ['777 888 999', '777 888 999'],
    ['777888999', '777888999'],
    ['+420 777 888 999', '+420 777 888 999'],
    ['+420777888999', '+420777888999'],
    ['00420 602 123 456', '00420 602 123 456'],
    ['602-123-456', '602-123-456'],
    ['602.123.456', '602.123.456'],
    ['+420 (602) 123 456', '+420 (602) 123 456'],
    ['777\u00a0888\u00a0999', '777\u00a0888\u00a0999'],
    ['777\u2009888\u2009999', '777\u2009888\u2009999'],
    ['+420\u00a0777\u00a0888\u00a0999', '+420\u00a0777\u00a0888\u00a0999'],
    // UK
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['020 7946 0958', '020 7946 0958'],
    // US
    ['+1 (212) 555-0142', '+1 (212) 555-0142'],
    ['(212) 555-0142', '(212) 555-0142'],
    ['212-555-0142', '212-555-0142'],
    ['212.555.0142', '212.555.0142'],
    // Germany, Austria
    ['+49 30 901820', '+49 30 901820'],
    ['030 901820', '030 901820'],
    ['+43 1 5131234', '+43 1 5131234'],
    ['0664 1234567', '0664 1234567'],
    // Slovakia, Poland, France
    ['+421 905 123 456', '+421 905 123 456'],
    ['+48 22 123 45 67', '+48 22 123 45 67'],
    ['+48 512 345 678', '+48 512 345 678'],
    ['+33 1 42 68 53 00', '+33 1 42 68 53 00'],
    ['01 42 68 53 00', '01 42 68 53 00'],
  ])('%j → %j', (text, expected) => {
    const found = findCandidates(text);
    expect(found.map((c) => c.text)).toEqual([expected]);
    expectConsistentSpans(text, found);
  });

  it.each([
    ['Volejte 777 888 999.', ['777 888 999']],
    ['Tel.: 777 888 999, fax 602 123 456.', ['777 888 999', '602 123 456']],
    ['Fax: 777 888 999', ['777 888 999']],
    ['Call +44 20 7946 0958!', ['+44 20 7946 0958']],
    ['Telefon: +420 777 888 999; e-mail info@example.cz', ['+420 777 888 999']],
    ['Mobil: +420 777 888 999 (mobil)', ['+420 777 888 999']],
    ['(777 888 999)', ['(777 888 999)']],
    ['Volejte (777) 888 999 kdykoli', ['(777) 888 999']],
    ['[777 888 999]', ['777 888 999']],
    ['„777 888 999“', ['777 888 999']],
    ['<777 888 999>', ['777 888 999']],
    ['*777 888 999*', ['777 888 999']],
    ['777 888 999;', ['777 888 999']],
    ['777888999.', ['777888999']],
    ['777888999...', ['777888999']],
    ['tel. 777-888-999', ['777-888-999']],
    ['tel:777888999', ['777888999']],
    ['777 888 999 nebo 602 123 456', ['777 888 999', '602 123 456']],
    ['777 888 999 / 602 123 456', ['777 888 999', '602 123 456']],
    ['Kontakt 777888999', ['777888999']],
    ['Info 777888999', ['777888999']],
    // "id", "ts", "pin" only as whole words
    ['Paid 777888999', ['777888999']],
    ['Contacts 777888999', ['777888999']],
  ])('inside a sentence: %j → %j', (text, expected) => {
    const found = findCandidates(text);
    expect(found.map((c) => c.text)).toEqual(expected);
    expectConsistentSpans(text, found);
  });

  it('finds "(+420) 602 123 456" (the dial digits are all there)', () => {
    const [c, ...rest] = findCandidates('(+420) 602 123 456');
    expect(rest).toEqual([]);
    expect(c?.text.replace(/\D/g, '')).toBe('420602123456');
    expect(c?.text.startsWith('+420')).toBe(true);
  });

  it('reports offsets in the original text', () => {
    const text = 'Volejte 777 888 999 nebo +420 602 123 456.';
    const found = findCandidates(text);
    expect(found.map(({ start, end }) => [start, end])).toEqual([
      [8, 19],
      [25, 41],
    ]);
    expectConsistentSpans(text, found);
  });

  it('can be called again on other text (the global regex state does not leak)', () => {
    expect(texts('a 777 888 999 b 602 123 456')).toEqual(['777 888 999', '602 123 456']);
    expect(texts('602 123 456')).toEqual(['602 123 456']);
    expect(texts('x')).toEqual([]);
    expect(texts('777888999')).toEqual(['777888999']);
  });
});

describe('findCandidates: readings (the whole run, then without a stray first or last group)', () => {
  it('"12:30 777 888 999" offers 777 888 999 after the hour', () => {
    const text = '12:30 777 888 999';
    const [c, ...rest] = findCandidates(text);
    expect(rest).toEqual([]);
    expect(c).toBeDefined();
    expect(c!.options.map((o) => o.text)).toEqual(['30 777 888 999', '777 888 999', '30 777 888']);
    expect(c!.options[1]).toEqual({ start: 6, end: 17, text: '777 888 999' });
    expectConsistentSpans(text, [c!]);
  });

  it('"777 888 999 12" offers the number without the trailing group', () => {
    const [c] = findCandidates('777 888 999 12');
    expect(c?.options.map((o) => o.text)).toEqual(['777 888 999 12', '888 999 12', '777 888 999']);
  });

  it('a date before the number: "25.11.2026 777 888 999" offers 777 888 999', () => {
    const text = 'Tel 25.11.2026 777 888 999';
    const [c] = findCandidates(text);
    expect(c?.options.map((o) => o.text)).toContain('777 888 999');
    expectConsistentSpans(text, findCandidates(text));
  });

  it('never drops the country code of an international number as a "stray group"', () => {
    for (const text of ['+420 777 888 999', '+44 20 7946 0958', '+33 1 42 68 53 00']) {
      const [c] = findCandidates(text);
      expect(c?.options.every((o) => o.text.startsWith('+'))).toBe(true);
    }
  });

  it('only offers readings with at least seven digits', () => {
    for (const text of ['777888999', '602-123-456', '777 888 999', '12 3456 7']) {
      for (const c of findCandidates(text)) {
        for (const o of c.options) expect(o.text.replace(/\D/g, '').length).toBeGreaterThanOrEqual(7);
      }
    }
    expect(findCandidates('777 888 999')[0]?.options).toHaveLength(1);
  });
});

describe('findCandidates: what is never a phone number', () => {
  it.each([
    // dates
    '25.11.2026',
    '25. 11. 2026',
    '2026-11-25',
    '11/25/2026',
    '25/11/2026',
    '25-11-2026',
    '2026/11/25',
    '2026.11.25',
    '25.11.26',
    'Datum: 25.11.2026',
    // times
    '12:30',
    '12:30:45',
    '8:00–17:00',
    // IP addresses
    '192.168.10.254',
    'IP 192.168.100.254',
    '255.255.255.0',
    '10.0.0.1',
    // versions
    '1.2.3',
    '10.4.2.1234',
    '120.0.6099.109',
    'Chrome 120.0.6099.109',
    'version 10.4.2.1234',
    'v2.10.4',
    '1.2.3.4567890',
    // GPS
    '50.0755123, 14.4378123',
    '50.0755123,14.4378123',
    '50.0755123N, 14.4378123E',
    'GPS: 50.0755123 14.4378123',
    // prices
    '12 990 Kč',
    '1 299 000 Kč',
    'Cena 1 299 000 Kč',
    '1 299 000,- Kč',
    '€ 1.299.000',
    '$1,299.00',
    'EUR 1 299 000',
    'CZK 1299000',
    // amounts that would be valid numbers without the currency
    '777 888 999 Kč',
    'Kč 777 888 999',
    '€ 777.888.999',
    '777.888.999 €',
    '777 888 999,-',
    '$777888999',
    // counts
    '3 500 000 obyvatel',
    '1 500 000 people',
    '1 234 567 users',
    '777 888 999 ks',
    '777 888 999 obyvatel',
    '777 888 999 %',
    '777888999 x',
    // IBAN and bank accounts
    'CZ65 0800 0000 1920 0014 5399',
    'IBAN CZ65 0800 0000 1920 0014 5399',
    'DE89 3704 0044 0532 0130 00',
    '19-2000145399/0800',
    '2000145399/0800',
    'Účet 19-2000145399/0800',
    // company IDs
    'IČO: 27074358',
    'IČO 27074358',
    'IČ 27074358',
    'IČ: 27074358',
    'ICO 27074358',
    'DIČ: CZ27074358',
    'VAT ID 777888999',
    // ISBN, ISSN, EAN
    'ISBN 978-80-7203-611-4',
    'ISBN-13: 978-80-7203-611-4',
    '978-80-7203-611-4',
    '9788072036114',
    'ISBN: 9788072036114',
    'ISSN 1234-5679',
    '1234-5679',
    'EAN 8594001234567',
    // unix timestamps and call ids
    '1412256225',
    '1412256225123',
    '1732537200',
    '1412256225.1941',
    '1732537200.12',
    'uniqueid 1412256225.1941',
    'ts=1412256225',
    'timestamp: 1732537200',
    // identifiers after "#", "No.", "Nr."…
    '#777888999',
    '# 777888999',
    '#777 888 999',
    'Order #777888999',
    'No. 777888999',
    'No.777888999',
    'no 777888999',
    'Nr. 777888999',
    'Nr.777888999',
    'nr 777888999',
    'ID: 777888999',
    'Ref. 777888999',
    'PSČ 777888999',
    'PID 777888999',
    // short internal lines
    '445',
    'linka 4450',
    'klapka 123456',
    '4450',
    '123456',
    // part of a longer token
    'A-777888999',
    '777888999abc',
    'abc777888999',
    'user777888999@example.com',
    'https://example.cz/777888999',
    '/777888999',
    '.777888999',
    ',777888999',
  ])('%j → nothing', (text) => {
    expect(findCandidates(text)).toEqual([]);
  });

  it('reads the identifier from the text before the node ("IČO: <b>…</b>", "No. <b>…</b>")', () => {
    expect(texts('27074358', 'IČO: ')).toEqual([]);
    expect(texts('777888999', 'No. ')).toEqual([]);
    expect(texts('777888999', 'Objednávka #')).toEqual([]);
    expect(texts('777 888 999', 'Cena: ')).toEqual(['777 888 999']);
    expect(texts('777 888 999', 'Cena: Kč ')).toEqual([]);
    expect(texts('777888999', 'A-')).toEqual([]);
    expect(texts('777 888 999', 'Tel.: ')).toEqual(['777 888 999']);
  });

  it('only looks at the last 32 characters of context', () => {
    expect(texts('777 888 999', `No. ${'x'.repeat(40)} `)).toEqual(['777 888 999']);
  });

  it('drops runs longer than 17 digits (e.g. two numbers glued, long IDs)', () => {
    expect(texts('123456789012345678')).toEqual([]);
    expect(texts('1234 5678 9012 3456 78')).toEqual([]);
  });

  it('keeps the phone number next to a rejected run in the same text', () => {
    expect(texts('Datum 25.11.2026, tel. 777 888 999')).toEqual(['777 888 999']);
    expect(texts('IČO: 27074358, tel. 602 123 456')).toEqual(['602 123 456']);
    expect(texts('1 299 000 Kč, volejte 777 888 999')).toEqual(['777 888 999']);
    expect(texts('#12345678 tel. +420 777 888 999')).toEqual(['+420 777 888 999']);
  });
});

describe('fixes from review', () => {
  const texts = (s: string) => findCandidates(s).map((c) => c.text);
  it.each([
    'Objednávka č. 777888999',
    'číslo objednávky: 777888999',
    'Číslo faktury 777888999',
    'Účet: 777888999',
    '25.11.2026 12:30',
    '2026-11-25 12:30',
    '48.2085 16.3721',
    '1. 2. 3. 4. 5. 6. 7. 8. 9. 10. 11. 12. 13.',
  ])('finds nothing to call in %s', (s) => {
    expect(texts(s)).toEqual([]);
  });
  it('still links a phone number labelled as one', () => {
    expect(texts('Telefonní číslo: 777 888 999')).toEqual(['777 888 999']);
  });
});

describe('findCandidates: no count is a phone number', () => {
  it.each([
    // Round counts and amounts in groups of three, with or without a word after them.
    '350 000 000',
    '1 200 000',
    '12 500 000',
    '350\u00a0000\u00a0000',
    '12.500.000',
    '7 000 000',
    '99 000 000',
    '602 000 000',
    // A number next to a count word or a unit (Czech).
    'Letiště odbavilo 350 000 000 cestujících.',
    'Cena 1 200 000 Kč včetně DPH',
    'Město má 1 234 567 obyvatel.',
    'aplikaci stáhlo 2 345 678 uživatelů',
    'čeká 9 876 543 kusů',
    'celkem 777 888 999',
    'přibližně 123 456 789',
    'Počet: 602 123 456',
    '2 345 678 hlasů',
    '7 654 321 zhlédnutí',
    '1 234 567 milionů',
    // English.
    '12 500 000 visitors',
    'We have 2 345 678 users',
    'over 9 876 543 downloads',
    'a population of 8 123 456 people',
    'total 1 234 567',
    'about 7 654 321 views',
    'approximately 3 456 789 passengers',
    '1 234 567 subscribers',
    '2 345 678 years',
    '3 456 789 dollars',
    '4 567 890 EUR',
  ])('%j is not linked', (text) => {
    expect(texts(text)).toEqual([]);
  });

  it.each([
    // Valid numbers in prose stay linked, also the round-looking ones next to a word that says "phone".
    ['volejte 800 123 456', '800 123 456'],
    ['Volejte 800 100 000 kdykoli', '800 100 000'],
    ['tel. 602 000 000', '602 000 000'],
    ['Infolinka: 800 000 000', '800 000 000'],
    ['call 222 000 000 today', '222 000 000'],
    ['+420 602 000 000', '+420 602 000 000'],
    ['777 888 999', '777 888 999'],
    ['Kontakt 777 888 999, e-mail jan@example.com', '777 888 999'],
    ['Jan Novák 602 123 456 (mobil)', '602 123 456'],
    ['777 888 999 lidem nevolejte', '777 888 999'],
    ['Zavolejte na 739 111 222 a řekněte kód', '739 111 222'],
    ['Phone: (212) 555-0142, users welcome', '(212) 555-0142'],
    ['602123000', '602123000'],
    ['777 888 000', '777 888 000'],
  ])('%j keeps %j', (text, number) => {
    expect(texts(text)).toEqual([number]);
  });

  it('the context before the node counts too ("celkem <b>1 234 567</b>")', () => {
    expect(texts('1 234 567', 'celkem ')).toEqual([]);
    expect(texts('602 000 000', 'tel.: ')).toEqual(['602 000 000']);
  });
});
