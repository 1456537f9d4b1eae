/**
 * The dial box's suggestions (ContactIndex.search over src/background/contacts/search-text.ts): letters find
 * names and companies (accents and case ignored), digits find numbers, best matches first, capped.
 */
import { describe, expect, it } from 'vitest';
import { buildContactIndexSync } from '../../../src/background/contacts/contact-index-build.ts';
import { foldText, digitsOf } from '../../../src/background/contacts/fold.ts';
import { MAX_SEARCH_LIMIT } from '../../../src/background/contacts/search-text.ts';
import type { ContactRecord } from '../../../src/shared/contact-record.ts';

function contact(name: string, company: string, ...numbers: string[]): ContactRecord {
  return { name, company, phones: numbers.map((number) => ({ number, type: 'mobile' })) };
}

const index = buildContactIndexSync(
  {
    file: [
      contact('Jan Novák', 'Stavby Novák s.r.o.', '+420 602 111 222', '777 888 999'),
      contact('Eva Dvořáková', 'Stavby Novák s.r.o.', '222 333 444'),
      contact('Klaus Müller', 'Müller GmbH', '+49 30 1234567'),
      contact('Petr Kovák', '', '603 000 001'),
      contact('Novotný Petr', 'Firma 19', '604 000 002'),
      contact('Łukasz Øster', 'Straße AG', '+48 512 345 678'),
      contact('Alice Smith', 'ACME', '020 7946 0958'),
    ],
    user: [contact('Honza', '', '606 555 444')],
  },
  { defaultCountry: 'CZ' },
);
const names = (query: string, limit?: number) => index.search(query, limit).map((hit) => hit.contact.name);

describe('search by name and company', () => {
  it('ignores case and accents, in the query and in the names', () => {
    expect(names('muller')).toEqual(['Klaus Müller']);
    expect(names('MÜLLER')).toEqual(['Klaus Müller']);
    expect(names('dvorakova')).toEqual(['Eva Dvořáková']);
    expect(names('lukasz')).toEqual(['Łukasz Øster']);
    expect(names('oster')).toEqual(['Łukasz Øster']);
    expect(names('strasse')).toEqual(['Łukasz Øster']);
  });

  it('puts a name starting with the word first, then a word starting with it, then any other place', () => {
    // "Novotný Petr" starts with "nov"; Jan Novák and Eva (company "Stavby Novák") have a word starting with it;
    // "Kovák" has no "nov".
    expect(names('nov')).toEqual(['Novotný Petr', 'Jan Novák', 'Eva Dvořáková']);
    // Substrings come last: "ovák" inside Novák and Kovák.
    expect(names('ovak')).toEqual(['Jan Novák', 'Eva Dvořáková', 'Petr Kovák']);
  });

  it('needs every word typed, in name or company', () => {
    expect(names('jan stavby')).toEqual(['Jan Novák']);
    expect(names('eva novak')).toEqual(['Eva Dvořáková']);
    expect(names('petr nov')).toEqual(['Novotný Petr']);
    expect(names('jan muller')).toEqual([]);
  });

  it('finds digits typed with words anywhere (a company "Firma 19")', () => {
    expect(names('firma 19')).toEqual(['Novotný Petr']);
  });

  it('matches the user source first among equals (source priority)', () => {
    expect(index.search('honza')[0]?.contact.source).toBe('user');
  });
});

describe('search by number', () => {
  it('finds digits in any of the numbers and dials the one that holds them', () => {
    const [hit] = index.search('777 888');
    expect(hit?.contact.name).toBe('Jan Novák');
    expect(hit?.phone).toEqual({ key: '+420777888999', type: 'mobile' });
    expect(index.search('602 111')[0]?.phone.key).toBe('+420602111222');
  });

  it('finds international digits and the written national digits', () => {
    expect(names('+49 30')).toEqual(['Klaus Müller']);
    expect(names('420222333')).toEqual(['Eva Dvořáková']);
    // "020 7946 0958" read in CZ is not a Czech number: its written digits are still searchable.
    expect(names('020 7946')).toEqual(['Alice Smith']);
  });

  it('puts a number that starts with the digits before one that merely contains them', () => {
    // After the country code counts as the start: +420 606…, 602…, 603…, 604…; Alice's 020 7946 0958 holds "60"
    // inside.
    expect(names('60')).toEqual(['Honza', 'Jan Novák', 'Petr Kovák', 'Novotný Petr', 'Alice Smith']);
    expect(names('7946')).toEqual(['Alice Smith']);
    expect(names('888 999')).toEqual(['Jan Novák']);
    expect(names('000 00')).toEqual(['Petr Kovák', 'Novotný Petr']);
  });
});

describe('what search refuses', () => {
  it('waits for two characters', () => {
    expect(names('')).toEqual([]);
    expect(names('a')).toEqual([]);
    expect(names('7')).toEqual([]);
    expect(names('  - ')).toEqual([]);
  });

  it('finds nothing that is not there', () => {
    expect(names('zzzz')).toEqual([]);
    expect(names('999 999 999 999')).toEqual([]);
  });

  it('caps the results', () => {
    const many = buildContactIndexSync(
      {
        file: Array.from({ length: 200 }, (_, i) =>
          contact(`Agent ${i}`, 'Call centre', `+420 602 ${String(i).padStart(6, '0')}`),
        ),
      },
      { defaultCountry: 'CZ' },
    );
    expect(many.search('agent')).toHaveLength(8);
    expect(many.search('agent', 3).map((h) => h.contact.name)).toEqual(['Agent 0', 'Agent 1', 'Agent 2']);
    expect(many.search('agent', 1_000)).toHaveLength(MAX_SEARCH_LIMIT);
    expect(many.search('centre', 0)).toHaveLength(1);
  });
});

describe('foldText and digitsOf', () => {
  it('folds case, accents, special letters and punctuation', () => {
    expect(foldText('  Stavby NOVÁK, s.r.o.  ')).toBe('stavby novak s r o');
    expect(foldText('Łódź Ærø Straße þór')).toBe('lodz aero strasse thor');
    expect(foldText('Jan\u0001Novák\n')).toBe('jan novak');
    expect(digitsOf('+420 (777) 888-999')).toBe('420777888999');
  });
});
