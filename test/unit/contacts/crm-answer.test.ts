/**
 * The CRM lookup (src/background/contacts/crm-answer.ts): the URL through the screen pop's expansion, and the
 * caller read from the CRM's JSON answer through dotted paths.
 */
import { describe, expect, it } from 'vitest';
import {
  crmLookupUrl,
  crmRecords,
  DEFAULT_CRM_FIELDS,
  MAX_CRM_MATCHES,
  readCrmAnswer,
  readPath,
} from '../../../src/background/contacts/crm-answer.ts';
import type { Call } from '../../../src/shared/calls.ts';

const CALL: Call = {
  uniqueId: '1700000000.42',
  from: '777 888 999',
  to: '445',
  direction: 'incoming',
  line: '445',
  queue: 'sales',
  state: 'ringing',
  startedAt: 0,
};

describe('crmLookupUrl (the screen pop expansion, reused)', () => {
  it('fills the placeholders URL-encoded', () => {
    expect(crmLookupUrl('https://crm.example.com/api/phone?number={e164}', CALL, 'CZ')).toBe(
      'https://crm.example.com/api/phone?number=%2B420777888999',
    );
    expect(crmLookupUrl('https://crm.example.com/l?n={number}&line={line}&q={queue}&id={uniqueId}', CALL, 'CZ')).toBe(
      'https://crm.example.com/l?n=777%20888%20999&line=445&q=sales&id=1700000000.42',
    );
  });

  it('keeps an internal line as it is in {e164}, and refuses what is not http(s)', () => {
    expect(
      crmLookupUrl('https://crm.example.com/?n={e164}', { ...CALL, from: '446', direction: 'incomingLocal' }, 'CZ'),
    ).toBe('https://crm.example.com/?n=446');
    expect(crmLookupUrl('javascript:alert({number})', CALL, 'CZ')).toBeNull();
    expect(crmLookupUrl('{number}', CALL, 'CZ')).toBeNull();
  });
});

describe('readPath', () => {
  const answer = { data: [{ attributes: { fullName: 'Jan Novák', tags: ['a'] } }], 'odd-key': 1 };

  it('follows object keys and array indexes', () => {
    expect(readPath(answer, 'data.0.attributes.fullName')).toBe('Jan Novák');
    expect(readPath(answer, ' data.0.attributes.tags.0 ')).toBe('a');
    expect(readPath(answer, 'odd-key')).toBe(1);
  });

  it('finds nothing on a wrong path, an empty path or a path too deep', () => {
    for (const path of [
      'data.1.attributes',
      'data.x',
      'data.01.attributes',
      'data.-1',
      'missing.name',
      'data.0.attributes.fullName.length',
      '',
      'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q',
    ]) {
      expect(readPath(answer, path)).toBeUndefined();
    }
  });

  it('never reaches the prototype', () => {
    for (const path of [
      '__proto__',
      'constructor',
      'constructor.name',
      'toString',
      'data.length',
      'data.0.__proto__.polluted',
      'hasOwnProperty',
    ]) {
      expect(readPath(answer, path)).toBeUndefined();
    }
    expect(readPath(JSON.parse('{"__proto__": {"name": "x"}}'), '__proto__.name')).toBeUndefined();
  });
});

describe('readCrmAnswer', () => {
  it('reads name, company and url by default', () => {
    expect(
      readCrmAnswer({ name: 'Jan Novák', company: 'Stavby Novák', url: 'https://crm.example.com/c/1', id: 1 }),
    ).toEqual([{ name: 'Jan Novák', company: 'Stavby Novák', url: 'https://crm.example.com/c/1' }]);
    expect(DEFAULT_CRM_FIELDS).toEqual({ name: 'name', company: 'company', url: 'url' });
  });

  it('reads through configured dotted paths', () => {
    const answer = {
      data: [
        { attributes: { fullName: 'Jan Novák', org: { title: 'Stavby' } }, links: { self: 'http://crm.local/p/7' } },
      ],
    };
    expect(
      readCrmAnswer(answer, {
        name: 'data.0.attributes.fullName',
        company: 'data.0.attributes.org.title',
        url: 'data.0.links.self',
      }),
    ).toEqual([{ name: 'Jan Novák', company: 'Stavby', url: 'http://crm.local/p/7' }]);
  });

  it('takes an array answer as several matches, in order, skipping ones that name nobody', () => {
    const answer = [{ name: 'Jan Novák' }, { name: '' }, { company: 'ACME' }, 'x', null, { name: 42 }, { name: 'Eva' }];
    expect(readCrmAnswer(answer)).toEqual([
      { name: 'Jan Novák', company: '' },
      { name: 'ACME', company: 'ACME' },
      { name: 'Eva', company: '' },
    ]);
  });

  it('takes strings only, cleaned and cut to length; a URL only when http(s)', () => {
    const [match] = readCrmAnswer({
      name: ` Jan\u0000\nNovák ${'x'.repeat(400)}`,
      company: { name: 'nested' },
      url: 'javascript:alert(1)',
    });
    expect(match?.name).toHaveLength(200);
    expect(match?.name.startsWith('Jan Novák x')).toBe(true);
    expect(match?.company).toBe('');
    expect(match?.url).toBeUndefined();
    expect(readCrmAnswer({ name: 'A', url: `https://crm.example.com/${'x'.repeat(3000)}` })[0]?.url).toBeUndefined();
    expect(readCrmAnswer({ name: 'A', url: ' https://crm.example.com/a ' })[0]?.url).toBe('https://crm.example.com/a');
    expect(readCrmAnswer({ name: 'A', url: 'ftp://crm.example.com/a' })[0]?.url).toBeUndefined();
  });

  it('finds nobody in an empty, null or unrelated answer', () => {
    for (const answer of [null, undefined, [], {}, 'Jan', 42, { data: [] }, [[{ name: 'nested' }]]])
      expect(readCrmAnswer(answer)).toEqual([]);
  });

  it('reads nothing for a field with an empty path', () => {
    expect(
      readCrmAnswer({ name: 'Jan', company: 'ACME', url: 'https://x.example' }, { name: 'name', company: '', url: '' }),
    ).toEqual([{ name: 'Jan', company: '' }]);
  });

  it('caps the matches', () => {
    const answer = Array.from({ length: 500 }, (_, i) => ({ name: `P${i}` }));
    expect(readCrmAnswer(answer)).toHaveLength(MAX_CRM_MATCHES);
  });
});

describe('crmRecords', () => {
  it('turns matches into contacts of the number they were looked up by', () => {
    expect(
      crmRecords(
        [
          { name: 'Jan', company: 'ACME', url: 'https://x.example/1' },
          { name: 'Eva', company: '' },
        ],
        '+420777888999',
      ),
    ).toEqual([
      {
        name: 'Jan',
        company: 'ACME',
        url: 'https://x.example/1',
        phones: [{ number: '+420777888999', type: 'other' }],
      },
      { name: 'Eva', company: '', phones: [{ number: '+420777888999', type: 'other' }] },
    ]);
  });
});
