/**
 * The contact index (src/background/contacts/contact-index.ts): who is calling, by the documented order (source
 * priority, then the source's own order), and "+N more". What the build keeps and leaves out:
 * contact-index-build.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildContactIndexSync } from '../../../src/background/contacts/contact-index-build.ts';
import { MAX_OTHERS } from '../../../src/background/contacts/contact-index.ts';
import { contact, SOURCES } from './contact-index-fixtures.ts';

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
