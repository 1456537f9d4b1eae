/**
 * The iPBX's contact list answer (src/background/contacts/ipbx-contacts.ts): the platform's shape, tolerant per
 * contact and per number.
 */
import { describe, expect, it } from 'vitest';
import { readIpbxContacts } from '../../../src/background/contacts/ipbx-contacts.ts';

describe('readIpbxContacts', () => {
  it("reads the platform's contacts: names, company, typed numbers, in the answer's order", async () => {
    const answer = [
      {
        id: 17,
        firstName: 'Jan',
        lastName: 'Novák',
        company: 'Stavby Novák s.r.o.',
        email: 'jan@stavby.cz',
        phoneNumbers: [
          { type: 'mob', number: '+420 777 888 999' },
          { type: 'pev', number: '222 333 444' },
          { type: 'ip', number: '445' },
          { type: 'fax', number: '222 333 445' },
        ],
      },
      {
        id: '18',
        firstName: 'Eva',
        lastName: '',
        company: '',
        email: '',
        phoneNumbers: [{ type: 'MOB', number: '602111222' }],
      },
    ];
    expect(await readIpbxContacts(answer)).toEqual({
      ok: true,
      contacts: [
        {
          name: 'Jan Novák',
          company: 'Stavby Novák s.r.o.',
          phones: [
            { number: '+420 777 888 999', type: 'mobile' },
            { number: '222 333 444', type: 'work' },
            { number: '445', type: 'internal' },
            { number: '222 333 445', type: 'fax' },
          ],
        },
        { name: 'Eva', company: '', phones: [{ number: '602111222', type: 'mobile' }] },
      ],
      invalid: 0,
      withoutNumber: 0,
      invalidNumbers: 0,
    });
  });

  it('skips and counts a broken contact instead of refusing the list', async () => {
    const answer = [
      null,
      'Jan',
      { firstName: 42, phoneNumbers: [{ type: 'mob', number: '777888999' }] },
      { firstName: 'Eva', phoneNumbers: 'not a list' },
      { firstName: 'Petr', phoneNumbers: [{ type: 'mob', number: '603111222' }] },
    ];
    const result = await readIpbxContacts(answer);
    expect(result).toMatchObject({ ok: true, invalid: 4, withoutNumber: 0 });
    expect(result.ok && result.contacts.map((c) => c.name)).toEqual(['Petr']);
  });

  it('drops broken numbers but keeps the contact; counts a contact left without numbers', async () => {
    const answer = [
      {
        firstName: 'Jan',
        phoneNumbers: [
          { type: 'mob' },
          { type: 'mob', number: '' },
          { type: 'mob', number: '   ' },
          null,
          { type: 'pev', number: '222333444' },
        ],
      },
      { firstName: 'Eva', phoneNumbers: [] },
      { firstName: 'Petr' },
      { firstName: 'Olga', phoneNumbers: null },
    ];
    const result = await readIpbxContacts(answer);
    expect(result).toMatchObject({ ok: true, invalid: 0, withoutNumber: 3, invalidNumbers: 4 });
    expect(result.ok && result.contacts).toEqual([
      { name: 'Jan', company: '', phones: [{ number: '222333444', type: 'work' }] },
    ]);
  });

  it('tolerates nulls and missing fields, unknown types, numbers sent as JSON numbers', async () => {
    const answer = [
      {
        id: null,
        firstName: null,
        lastName: null,
        company: 'ACME',
        email: null,
        phoneNumbers: [
          { type: null, number: 777888999 },
          { type: 'sip', number: 'sip:445@pbx' },
        ],
      },
      { email: 'info@example.cz', phoneNumbers: [{ number: '602 111 222' }] },
      {
        phoneNumbers: [
          { type: 'mob', number: 1.5 },
          { type: 'mob', number: '603 111 222' },
        ],
      },
    ];
    const result = await readIpbxContacts(answer);
    expect(result.ok && result.contacts).toEqual([
      {
        name: 'ACME',
        company: 'ACME',
        phones: [
          { number: '777888999', type: 'other' },
          { number: 'sip:445@pbx', type: 'other' },
        ],
      },
      { name: 'info@example.cz', company: '', phones: [{ number: '602 111 222', type: 'other' }] },
      { name: '603 111 222', company: '', phones: [{ number: '603 111 222', type: 'mobile' }] },
    ]);
    expect(result).toMatchObject({ invalidNumbers: 1 });
  });

  it('cleans names the server sends (control characters, length)', async () => {
    const result = await readIpbxContacts([
      { firstName: 'Jan\u0000\n', lastName: 'x'.repeat(300), phoneNumbers: [{ type: 'mob', number: '777888999' }] },
    ]);
    expect(result.ok && result.contacts[0]?.name).toMatch(/^Jan x+$/);
    expect(result.ok && result.contacts[0]?.name.length).toBe(200);
  });

  it('refuses an answer that is not a list', async () => {
    for (const answer of [null, {}, { contacts: [] }, 'x', 42])
      expect(await readIpbxContacts(answer)).toEqual({ ok: false, error: 'ipbxContactsErrNotList' });
    expect(await readIpbxContacts([])).toEqual({
      ok: true,
      contacts: [],
      invalid: 0,
      withoutNumber: 0,
      invalidNumbers: 0,
    });
  });

  it('reads 20,000 contacts in time slices', async () => {
    const answer = Array.from({ length: 20_000 }, (_, i) => ({
      id: i,
      firstName: `P${i}`,
      lastName: 'X',
      company: '',
      email: '',
      phoneNumbers: [{ type: 'mob', number: `+420 602 ${i}` }],
    }));
    let turns = 0;
    const result = await readIpbxContacts(answer, { sliceMs: 0, yieldNow: async () => void turns++ });
    expect(result.ok && result.contacts.length).toBe(20_000);
    expect(turns).toBeGreaterThan(10);
  });
});
