/**
 * Building the contact index (src/background/contacts/contact-index-build.ts): what it keeps and leaves out, the
 * source priority, and building in time slices.
 */
import { describe, expect, it } from 'vitest';
import {
  buildContactIndex,
  buildContactIndexSync,
  sourceOrder,
} from '../../../src/background/contacts/contact-index-build.ts';
import { NumberKeyer } from '../../../src/shared/number-key.ts';
import type { ContactRecord } from '../../../src/shared/contact-record.ts';
import { contact, SOURCES } from './contact-index-fixtures.ts';

const index = buildContactIndexSync(SOURCES, { defaultCountry: 'CZ' });

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
    const empty = buildContactIndexSync({}, { defaultCountry: 'CZ' });
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
