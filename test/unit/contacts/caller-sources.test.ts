/**
 * The sources of caller names with fake HTTP answers (the simulator versions are in test/integration/contacts.test.ts):
 * the CRM lookup (cookies only with the origin's permission, 3 s, 10 minutes of cache, failures by kind), the iPBX's
 * list (bearer token, ETag, 304, refusals), and the per-source indexes kept in IndexedDB.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { DEFAULT_CRM_FIELDS } from '../../../src/background/contacts/crm-answer.ts';
import {
  CrmLookup,
  LOOKUP_CACHE_MS,
  LookupError,
  type HttpFetch,
} from '../../../src/background/contacts/crm-lookup.ts';
import { ContactDirectory } from '../../../src/background/contacts/directory.ts';
import { IpbxContactsSource } from '../../../src/background/contacts/ipbx-source.ts';
import type { SourceFailure } from '../../../src/shared/contacts-status.ts';
import type { Logger } from '../../../src/shared/log.ts';
import { ItemStorage } from '../../../src/shared/storage/item-storage.ts';
import { ITEMS } from '../../../src/shared/storage/items.ts';

const log: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const URL_1 = 'https://crm.example/api?phone=%2B420777888999';

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 304 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('CrmLookup', () => {
  let now = 1_000;
  let outcomes: (SourceFailure | null)[];
  let granted: boolean;
  let fetchMock: ReturnType<typeof vi.fn<HttpFetch>>;
  const lookup = () =>
    new CrmLookup({
      fetch: fetchMock,
      mayUseCookies: async () => granted,
      onOutcome: (f) => outcomes.push(f),
      log,
      now: () => now,
    });

  beforeEach(() => {
    now = 1_000;
    outcomes = [];
    granted = false;
    fetchMock = vi.fn<HttpFetch>(async () => json({ name: 'Jan Novák', company: 'Stavby', url: 'https://crm/c/1' }));
  });

  it('reads the answer by the fields, and keeps it 10 minutes', async () => {
    const crm = lookup();
    expect(await crm.lookup(URL_1, DEFAULT_CRM_FIELDS)).toEqual([
      { name: 'Jan Novák', company: 'Stavby', url: 'https://crm/c/1' },
    ]);
    now += LOOKUP_CACHE_MS - 1;
    await crm.lookup(URL_1, DEFAULT_CRM_FIELDS);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    now += 2;
    await crm.lookup(URL_1, DEFAULT_CRM_FIELDS);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    // Other fields are another question.
    await crm.lookup(URL_1, { ...DEFAULT_CRM_FIELDS, name: 'company' });
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(outcomes.every((o) => o === null)).toBe(true);
  });

  it('asks once for two calls of the same number at once', async () => {
    const crm = lookup();
    const [a, b] = await Promise.all([crm.lookup(URL_1, DEFAULT_CRM_FIELDS), crm.lookup(URL_1, DEFAULT_CRM_FIELDS)]);
    expect(a).toEqual(b);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("sends the user's cookies only with the origin's host permission; 3 s at most; never from the HTTP cache", async () => {
    await lookup().ask(URL_1, DEFAULT_CRM_FIELDS);
    granted = true;
    const asked = await lookup().ask(URL_1, DEFAULT_CRM_FIELDS);
    expect(asked.withCookies).toBe(true);
    const [first, second] = fetchMock.mock.calls;
    expect(first?.[1]).toMatchObject({ credentials: 'omit', cache: 'no-store', method: 'GET' });
    expect(second?.[1]).toMatchObject({ credentials: 'include' });
    expect(first?.[1].signal).toBeInstanceOf(AbortSignal);
  });

  it('tells failures apart, records them, and caches none; a 404 is "nobody has this number"', async () => {
    const crm = lookup();
    const failure = async (answer: Response | Error): Promise<SourceFailure | null> => {
      fetchMock.mockImplementationOnce(async () => {
        if (answer instanceof Error) throw answer;
        return answer;
      });
      return crm.lookup(URL_1, DEFAULT_CRM_FIELDS).then(
        () => null,
        (e: unknown) => (e instanceof LookupError ? e.failure : { code: 'crmErrStatus', detail: String(e) }),
      );
    };
    expect(await failure(json({}, 401))).toEqual({ code: 'crmErrDenied', detail: '401' });
    expect(await failure(json({}, 500))).toEqual({ code: 'crmErrStatus', detail: '500' });
    expect(await failure(new Response('<html>', { status: 200 }))).toEqual({
      code: 'crmErrNotJson',
      detail: 'https://crm.example',
    });
    expect(await failure(new TypeError('Failed to fetch'))).toEqual({
      code: 'crmErrUnreachable',
      detail: 'https://crm.example',
    });
    expect(await failure(new DOMException('signal timed out', 'TimeoutError'))).toEqual({
      code: 'crmErrTimeout',
      detail: 'https://crm.example',
    });
    expect(outcomes).toHaveLength(5);
    expect(await failure(json({ error: 'not found' }, 404))).toBeNull();
    expect(await crm.lookup(URL_1, DEFAULT_CRM_FIELDS)).toEqual([]);
    expect(outcomes.at(-1)).toBeNull();
  });
});

describe('IpbxContactsSource', () => {
  const LIST = [
    {
      id: 1,
      firstName: 'Jan',
      lastName: 'Novák',
      company: 'Stavby',
      email: '',
      phoneNumbers: [{ type: 'mob', number: '+420 777 888 999' }],
    },
    { id: 2, firstName: 'Bob', lastName: 'Svoboda', phoneNumbers: [{ type: 'ip', number: '445' }] },
    { id: 3, firstName: 'Nobody', phoneNumbers: [] },
  ];
  const URL_C = 'https://pbx.example/api/contacts';

  it('fetches with the bearer token, keeps the ETag, works out the keys; sends If-None-Match next time', async () => {
    const fetchMock = vi.fn<HttpFetch>(async () => json(LIST, 200, { ETag: '"v1"' }));
    const source = new IpbxContactsSource({ fetch: fetchMock, token: async () => 'tok', log, now: () => 42 });
    const first = await source.refresh(URL_C, 'CZ', {});
    expect(first.kind).toBe('updated');
    if (first.kind !== 'updated') return;
    expect(first.stored).toMatchObject({ country: 'CZ', updatedAt: 42, url: URL_C, etag: '"v1"' });
    expect(first.stored.contacts.map((c) => [c.name, c.phones.map((p) => p.key)])).toEqual([
      ['Jan Novák', ['+420777888999']],
      ['Bob Svoboda', ['445']],
    ]);
    expect(fetchMock.mock.calls[0]?.[1]).toMatchObject({
      headers: { Authorization: 'Bearer tok', Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    fetchMock.mockImplementationOnce(async () => json(null, 304));
    expect(await source.refresh(URL_C, 'CZ', { url: URL_C, etag: '"v1"' })).toEqual({ kind: 'unchanged' });
    expect(fetchMock.mock.calls[1]?.[1].headers).toMatchObject({ 'If-None-Match': '"v1"' });
    // Another URL: the old ETag is not sent.
    await source.refresh('https://other.example/contacts', 'CZ', { url: URL_C, etag: '"v1"' });
    expect(fetchMock.mock.calls[2]?.[1].headers).not.toHaveProperty('If-None-Match');
  });

  it('says why it failed: no sign-in, refused, an error status, not JSON, not a list; off without a URL', async () => {
    const outcome = async (answer: Response, token: () => Promise<string> = async () => 'tok') =>
      new IpbxContactsSource({ fetch: async () => answer, token, log }).refresh(URL_C, 'CZ', {});
    const noToken = () => Promise.reject(new Error('not signed in'));
    expect(await outcome(json(LIST), noToken)).toEqual({ kind: 'failed', failure: { code: 'ipbxContactsErrNoToken' } });
    expect(await outcome(json({}, 401))).toEqual({
      kind: 'failed',
      failure: { code: 'ipbxContactsErrDenied', detail: '401' },
    });
    expect(await outcome(json({}, 502))).toEqual({
      kind: 'failed',
      failure: { code: 'ipbxContactsErrStatus', detail: '502' },
    });
    expect(await outcome(new Response('nope'))).toEqual({
      kind: 'failed',
      failure: { code: 'ipbxContactsErrNotJson' },
    });
    expect(await outcome(json({ contacts: LIST }))).toEqual({
      kind: 'failed',
      failure: { code: 'ipbxContactsErrNotList' },
    });
    expect(await new IpbxContactsSource({ fetch: vi.fn(), token: async () => 't', log }).refresh('', 'CZ', {})).toEqual(
      {
        kind: 'off',
      },
    );
  });
});

describe('ContactDirectory', () => {
  let storage: ItemStorage;
  beforeEach(() => {
    fakeBrowser.reset();
    globalThis.indexedDB = new IDBFactory();
    storage = new ItemStorage({ browser, log });
  });

  it('indexes each source from IndexedDB; trusts stored keys only in their own country', async () => {
    await storage.set(ITEMS.fileContacts, {
      country: 'CZ',
      updatedAt: 9,
      fileName: 'a.csv',
      // A stored key is used as it is: this one says the number is 602 123 456 (as the Worker worked it out).
      contacts: [{ name: 'Jan', company: '', phones: [{ number: 'as written', type: 'other', key: '+420602123456' }] }],
    });
    const dir = new ContactDirectory({ storage, log }, 'CZ');
    await dir.loadAll('CZ');
    expect(dir.matches('file', '+420602123456').map((m) => m.name)).toEqual(['Jan']);
    expect(dir.info('file')).toEqual({ count: 1, updatedAt: 9, fileName: 'a.csv' });
    expect(dir.info('ipbx')).toEqual({ count: 0 });
    // Another country: the key is worked out again from the text, which is no number.
    await dir.loadAll('SK');
    expect(dir.matches('file', '+420602123456')).toEqual([]);
    expect(dir.info('file').count).toBe(0);
  });

  it('suggests from every source: the better match first, then the source priority; one per name and number', async () => {
    const dir = new ContactDirectory({ storage, log }, 'CZ');
    const stored = (names: [string, string][]) => ({
      country: 'CZ',
      updatedAt: 1,
      contacts: names.map(([name, number]) => ({ name, company: '', phones: [{ number, type: 'other' as const }] })),
    });
    await dir.use(
      'file',
      stored([
        ['Pavel Novák', '602111222'],
        ['Novák Servis', '602333444'],
      ]),
    );
    await dir.use(
      'ipbx',
      stored([
        ['Jana Nováková', '602555666'],
        ['Pavel Novák', '602111222'],
      ]),
    );
    const names = (order: ('ipbx' | 'file')[]) => dir.search('novak', order, 8).map((h) => h.contact.name);
    // "Novák Servis" starts with the word: rank 0, before the others whatever their source.
    expect(names(['ipbx', 'file'])).toEqual(['Novák Servis', 'Jana Nováková', 'Pavel Novák']);
    expect(dir.search('novak', ['ipbx', 'file'], 8).find((h) => h.contact.name === 'Pavel Novák')?.contact.source).toBe(
      'ipbx',
    );
    expect(names(['file'])).toEqual(['Novák Servis', 'Pavel Novák']);
    expect(dir.search('novak', [], 8)).toEqual([]);
  });

  it('a removed source answers nothing; a rebuild replaces the old index when done', async () => {
    const dir = new ContactDirectory({ storage, log }, 'CZ');
    const one = { name: 'Eva', company: '', phones: [{ number: '602111222', type: 'other' as const }] };
    await dir.use('user', { country: 'CZ', updatedAt: 1, contacts: [one] });
    const rebuilding = dir.use('user', { country: 'CZ', updatedAt: 2, contacts: [{ ...one, name: 'Eva Malá' }] });
    expect(dir.building).toEqual(['user']);
    expect(dir.matches('user', '+420602111222').map((m) => m.name)).toEqual(['Eva']);
    await rebuilding;
    expect(dir.matches('user', '+420602111222').map((m) => m.name)).toEqual(['Eva Malá']);
    await dir.use('user', null);
    expect(dir.matches('user', '+420602111222')).toEqual([]);
    expect(dir.building).toEqual([]);
  });
});
