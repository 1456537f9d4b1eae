/**
 * The contact index (src/background/contacts/contact-index.ts): who is calling, by the documented order (source
 * priority, then the source's own order), "+N more", and what the index leaves out.
 */
import { describe, expect, it } from 'vitest';
import {
  buildContactIndex,
  buildContactIndexSync,
  ContactIndex,
  MAX_OTHERS,
  sourceOrder,
  type ContactSources,
} from '../../../src/background/contacts/contact-index.ts';
import { NumberKeyer } from '../../../src/shared/number-key.ts';
import type { ContactRecord } from '../../../src/shared/contact-record.ts';

function contact(name: string, numbers: string[], extra: Partial<ContactRecord> = {}): ContactRecord {
  return { name, company: '', phones: numbers.map((number) => ({ number, type: 'work' })), ...extra };
}

const SOURCES: ContactSources = {
  file: [
    contact('Jan Novák', ['777 888 999', '+420 222 333 444'], { company: 'Stavby Novák s.r.o.' }),
    contact('Eva Dvořáková', ['222-333-444'], { company: 'Stavby Novák s.r.o.' }),
    contact('Nobody', ['N/A', '12']),
    contact('Klaus Müller', ['+49 30 1234567'], { company: 'Müller GmbH' }),
  ],
  ipbx: [contact('Petr Svoboda', ['445']), contact('Jan Novák', ['+420777888999'])],
  user: [contact('Honza (stavba)', ['00420777888999'])],
  crm: [contact('Jan Novák', ['+420777888999'], { company: 'Stavby Novák', url: 'https://crm.example.com/c/1' })],
};

const index = buildContactIndexSync(SOURCES, { defaultCountry: 'CZ' });

describe('lookup: who is calling', () => {
  it('finds a contact by the caller id in any format', () => {
    for (const callerId of ['777888999', '+420777888999', '00420 777 888 999', '777-888-999']) {
      expect(index.lookup(callerId)?.first.name).toBe('Honza (stavba)');
    }
  });

  it('orders matches by source priority: user > crm > ipbx > file, one per name', () => {
    const match = index.lookup('777888999');
    expect(match?.key).toBe('+420777888999');
    expect(match?.first).toMatchObject({ name: 'Honza (stavba)', source: 'user' });
    // The iPBX's and the file's "Jan Novák" are the CRM's Jan Novák seen again.
    expect(match?.others.map((c) => [c.name, c.source])).toEqual([['Jan Novák', 'crm']]);
    expect(match?.total).toBe(2);
  });

  it('takes another priority when asked; sources left out come after, in the default order', () => {
    const fileFirst = buildContactIndexSync(SOURCES, { defaultCountry: 'CZ', order: ['file', 'ipbx'] });
    const match = fileFirst.lookup('777888999');
    expect(match?.first).toMatchObject({ name: 'Jan Novák', source: 'file', company: 'Stavby Novák s.r.o.' });
    expect(match?.others.map((c) => c.source)).toEqual(['user']);
  });

  it('keeps one source\'s own order for a shared number ("+1 more" with all names)', () => {
    const match = index.lookup('+420 222 333 444');
    expect(match?.first.name).toBe('Jan Novák');
    expect(match?.others.map((c) => c.name)).toEqual(['Eva Dvořáková']);
    expect(match?.total).toBe(2);
  });

  it('names internal lines and foreign numbers', () => {
    expect(index.lookup('445')?.first).toMatchObject({
      name: 'Petr Svoboda',
      source: 'ipbx',
      phones: [{ key: '445', type: 'work' }],
    });
    expect(index.lookup('0049301234567')?.first.name).toBe('Klaus Müller');
  });

  it('gives the whole contact: company, source, record URL, all its numbers as keys', () => {
    expect(index.lookup('777888999')?.others[0]).toEqual({
      name: 'Jan Novák',
      company: 'Stavby Novák',
      source: 'crm',
      url: 'https://crm.example.com/c/1',
      phones: [{ key: '+420777888999', type: 'work' }],
    });
    expect(index.lookup('222333444')?.first.phones.map((p) => p.key)).toEqual(['+420777888999', '+420222333444']);
  });

  it('finds nobody for an unknown, anonymous or broken caller id', () => {
    for (const callerId of ['602123456', '446', '', 'anonymous', 'N/A']) expect(index.lookup(callerId)).toBeNull();
  });

  it('lists at most MAX_OTHERS others but counts them all', () => {
    const many = Array.from({ length: 30 }, (_, i) => contact(`Agent ${i}`, ['+420 222 111 000']));
    const match = buildContactIndexSync({ ipbx: many }, { defaultCountry: 'CZ' }).lookup('222111000');
    expect(match?.first.name).toBe('Agent 0');
    expect(match?.others).toHaveLength(MAX_OTHERS);
    expect(match?.others[MAX_OTHERS - 1]?.name).toBe(`Agent ${MAX_OTHERS}`);
    expect(match?.total).toBe(30);
  });

  it('shows a contact once when two of its numbers are the same number written differently', () => {
    const twice = buildContactIndexSync(
      { file: [contact('Jan', ['777 888 999', '+420777888999'])] },
      { defaultCountry: 'CZ' },
    );
    expect(twice.lookup('777888999')).toMatchObject({ total: 1, others: [] });
    expect(twice.lookup('777888999')?.first.phones).toHaveLength(1);
    expect(twice.stats.phones).toBe(1);
  });
});

describe('what the index keeps and leaves out', () => {
  it('counts contacts without a usable number and unusable numbers', () => {
    expect(index.stats).toEqual({
      contacts: 7,
      phones: 8,
      distinctKeys: 4,
      skippedContacts: 1,
      unusablePhones: 2,
      bySource: { user: 1, crm: 1, ipbx: 2, file: 3 },
    });
    expect(index.size).toBe(7);
  });

  it('names a contact without a name by its company, else by its number', () => {
    const unnamed = buildContactIndexSync(
      { file: [contact('', ['602 111 222'], { company: 'ACME' }), contact('  ', ['602 111 333'])] },
      { defaultCountry: 'CZ' },
    );
    expect(unnamed.lookup('602111222')?.first.name).toBe('ACME');
    expect(unnamed.lookup('602111333')?.first.name).toBe('+420602111333');
  });

  it('cleans names (control characters, spaces, length) and keeps only http(s) record URLs', () => {
    const dirty = buildContactIndexSync(
      {
        crm: [
          contact('Jan\u0000\n  Novák\u202e', ['602 111 444'], { url: 'javascript:alert(1)' }),
          contact('x'.repeat(500), ['602 111 555'], { url: 'http://crm.example.com/2' }),
        ],
      },
      { defaultCountry: 'CZ' },
    );
    const first = dirty.lookup('602111444')?.first;
    expect(first?.name).toBe('Jan Novák\u202e');
    expect(first?.url).toBeUndefined();
    expect(dirty.lookup('602111555')?.first.name).toHaveLength(200);
    expect(dirty.lookup('602111555')?.first.url).toBe('http://crm.example.com/2');
  });

  it('is empty when there is nothing', () => {
    const empty = ContactIndex.empty('CZ');
    expect(empty.size).toBe(0);
    expect(empty.lookup('777888999')).toBeNull();
    expect(empty.search('novak')).toEqual([]);
  });

  it('reads national numbers in its country', () => {
    const german = buildContactIndexSync({ file: [contact('Klaus', ['030 1234567'])] }, { defaultCountry: 'DE' });
    expect(german.lookup('+49 30 1234567')?.first.name).toBe('Klaus');
    const keyer = new NumberKeyer('DE');
    const shared = buildContactIndexSync(
      { file: [contact('Klaus', ['030 1234567'])] },
      { defaultCountry: 'CZ', keyer },
    );
    expect(shared.lookup('0049301234567')?.first.name).toBe('Klaus');
  });
});

describe('sourceOrder', () => {
  it('puts the given sources first and the rest in the default order, dropping unknown and repeated ones', () => {
    expect(sourceOrder()).toEqual(['user', 'crm', 'ipbx', 'file']);
    expect(sourceOrder(['file', 'file', 'google', 'crm'])).toEqual(['file', 'crm', 'user', 'ipbx']);
    expect(sourceOrder([])).toEqual(['user', 'crm', 'ipbx', 'file']);
  });
});

describe('buildContactIndex in time slices', () => {
  const many: ContactRecord[] = Array.from({ length: 3_000 }, (_, i) =>
    contact(`Person ${i}`, [`+420 602 ${String(i).padStart(6, '0')}`]),
  );

  it('yields to the event loop and builds the same index as at once', async () => {
    let turns = 0;
    const sliced = await buildContactIndex(
      { file: many },
      { defaultCountry: 'CZ', sliceMs: 0, yieldNow: async () => void turns++ },
    );
    expect(turns).toBeGreaterThan(5);
    expect(sliced.stats).toEqual(buildContactIndexSync({ file: many }, { defaultCountry: 'CZ' }).stats);
    expect(sliced.lookup('602 000 123')?.first.name).toBe('Person 123');
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    const build = buildContactIndex(
      { file: many },
      { defaultCountry: 'CZ', sliceMs: 0, signal: abort.signal, yieldNow: async () => abort.abort(new Error('stop')) },
    );
    await expect(build).rejects.toThrow('stop');
  });
});
