/**
 * The pure parts of wiring caller names: the shared URL template (screen pop and CRM lookup), the caller id's key
 * with an outside-line prefix, the documented merge of sources, the notification's words, the user's own names,
 * the settings' checks, and the stored contacts' reading.
 */
import { describe, expect, it } from 'vitest';
import { callerBody, callerTitle } from '../../../src/background/caller-text.ts';
import { callerKey } from '../../../src/background/contacts/caller-key.ts';
import { crmLookupUrl } from '../../../src/background/contacts/crm-answer.ts';
import { callerFrom, type NamedMatch } from '../../../src/background/contacts/merge.ts';
import { renameRecent, withUserName } from '../../../src/background/contacts/user-names.ts';
import { sameCaller } from '../../../src/shared/caller.ts';
import type { Call } from '../../../src/shared/calls.ts';
import { addNumberKeys, keysFor } from '../../../src/shared/contact-keys.ts';
import type { ContactRecord } from '../../../src/shared/contact-record.ts';
import { NumberKeyer } from '../../../src/shared/number-key.ts';
import { migrateSettings, validateSettings } from '../../../src/shared/settings.ts';
import { decodeItem } from '../../../src/shared/storage/define-item.ts';
import { ITEMS, type RecentCall } from '../../../src/shared/storage/items.ts';
import {
  ALL_PLACEHOLDERS,
  CALL_PLACEHOLDERS,
  callValues,
  expandUrlTemplate,
  isUrlTemplate,
} from '../../../src/shared/url-template.ts';

function call(overrides: Partial<Call> = {}): Call {
  return {
    uniqueId: '1.2',
    from: '777888999',
    to: '444',
    direction: 'incoming',
    state: 'ringing',
    startedAt: 0,
    ...overrides,
  };
}

describe('URL templates: one expansion for the screen pop and the CRM lookup', () => {
  const values = { ...callValues(call(), 'CZ'), name: 'Jan Novák & syn', recordUrl: 'https://crm.example/c/7?x=1' };

  it('inserts every value URL-encoded, as text', () => {
    expect(expandUrlTemplate('https://crm.example/?q={e164}&n={name}&r={recordUrl}', values)).toBe(
      'https://crm.example/?q=%2B420777888999&n=Jan%20Nov%C3%A1k%20%26%20syn&r=https%3A%2F%2Fcrm.example%2Fc%2F7%3Fx%3D1',
    );
  });

  it('{recordUrl} at the start is the whole URL to open, inserted as it is (http(s) only)', () => {
    expect(expandUrlTemplate('{recordUrl}', values)).toBe('https://crm.example/c/7?x=1');
    expect(expandUrlTemplate('{recordUrl}#notes', values)).toBe('https://crm.example/c/7?x=1#notes');
    expect(expandUrlTemplate('{recordUrl}', { ...values, recordUrl: 'javascript:alert(1)' })).toBeNull();
    expect(expandUrlTemplate('{recordUrl}', { ...values, recordUrl: '' })).toBeNull();
  });

  it('the CRM lookup never fills in {name} or {recordUrl}: they stay as written', () => {
    expect(expandUrlTemplate('https://crm.example/?q={number}&n={name}', values, CALL_PLACEHOLDERS)).toBe(
      'https://crm.example/?q=777888999&n={name}',
    );
    expect(crmLookupUrl('https://crm.example/?q={e164}&n={name}', call(), 'CZ')).toBe(
      'https://crm.example/?q=%2B420777888999&n={name}',
    );
    expect(ALL_PLACEHOLDERS).toEqual(['number', 'e164', 'line', 'queue', 'uniqueId', 'name', 'recordUrl']);
  });

  it("the lookup's {e164} is the caller's key: an outside-line prefix the iPBX put before it is not in it", () => {
    expect(crmLookupUrl('https://crm.example/?q={e164}', call({ from: '0777888999' }), 'CZ', '+420777888999')).toBe(
      'https://crm.example/?q=%2B420777888999',
    );
  });

  it('a template is valid when it can make an http(s) URL', () => {
    expect(isUrlTemplate('https://crm.example/?q={e164}')).toBe(true);
    expect(isUrlTemplate('{recordUrl}')).toBe(true);
    expect(isUrlTemplate('javascript:{number}')).toBe(false);
    expect(isUrlTemplate('{number}')).toBe(false);
  });
});

describe('settings of caller names', () => {
  const check = (patch: object) => validateSettings(migrateSettings(patch));

  it('the iPBX contact list must be an http(s) URL', () => {
    expect(check({ contacts: { ipbxUrl: 'https://pbx.example/api/contacts' } })).toEqual({});
    expect(check({ contacts: { ipbxUrl: 'ftp://pbx.example/contacts' } })).toEqual({ contacts: 'errContactsUrl' });
  });

  it('the CRM lookup must make an http(s) URL and may name only the call', () => {
    expect(check({ callerLookup: { urlTemplate: 'https://crm.example/?q={e164}&l={line}' } })).toEqual({});
    expect(check({ callerLookup: { urlTemplate: 'crm.example/?q={e164}' } })).toEqual({ callerLookup: 'errLookupUrl' });
    expect(check({ callerLookup: { urlTemplate: '{recordUrl}' } })).toEqual({ callerLookup: 'errLookupUrl' });
    expect(check({ callerLookup: { urlTemplate: 'https://crm.example/?q={e164}&n={name}' } })).toEqual({
      callerLookup: 'errLookupPlaceholder',
    });
  });

  it('the screen pop may use {name} and {recordUrl}, {recordUrl} alone included', () => {
    expect(check({ screenPop: { enabled: true, urlTemplate: '{recordUrl}' } })).toEqual({});
    expect(check({ screenPop: { enabled: true, urlTemplate: 'https://x.example/?n={name}' } })).toEqual({});
  });

  it('a priority order is completed and cleaned; a wrong one reads as the default', () => {
    expect(migrateSettings({ contacts: { order: ['file', 'file', 'crm'] } }).contacts.order).toEqual([
      'file',
      'crm',
      'user',
      'ipbx',
    ]);
    expect(migrateSettings({ contacts: { order: ['nobody'] } }).contacts.order).toEqual([
      'user',
      'crm',
      'ipbx',
      'file',
    ]);
  });
});

describe("a caller id's key", () => {
  const keyer = new NumberKeyer('CZ');

  it('reads every format of one number alike; internal lines exactly; anonymous callers not at all', () => {
    for (const id of ['+420 777 888 999', '00420777888999', '777888999', '777-888-999'])
      expect(callerKey(id, '', keyer)).toBe('+420777888999');
    expect(callerKey('445', '', keyer)).toBe('445');
    expect(callerKey('anonymous', '', keyer)).toBeNull();
    expect(callerKey('', '', keyer)).toBeNull();
  });

  it('drops the outside-line prefix when the iPBX sends it, but not from numbers that are valid with it', () => {
    expect(callerKey('0777888999', '0', keyer)).toBe('+420777888999');
    expect(callerKey('0 777 888 999', '0', keyer)).toBe('+420777888999');
    expect(callerKey('00420777888999', '0', keyer)).toBe('+420777888999');
    // No prefix in the settings: left as the iPBX sent it (and it is no valid Czech number).
    expect(callerKey('0777888999', '', keyer)).not.toBe('+420777888999');
    // Germany dials national numbers with a trunk 0: "030 …" is valid as it is, nothing is dropped.
    expect(callerKey('030 901820', '0', new NumberKeyer('DE'))).toBe('+4930901820');
    // An internal line is never touched.
    expect(callerKey('0445', '0', keyer)).toBe('0445');
  });
});

describe('who is calling: the documented merge of sources', () => {
  const m = (name: string, source: NamedMatch['source'], extra: Partial<NamedMatch> = {}): NamedMatch => ({
    name,
    company: '',
    source,
    ...extra,
  });
  const ORDER = ['user', 'crm', 'ipbx', 'file'] as const;

  it('the first source in the order names the caller; the others follow as "+N more" in order', () => {
    const caller = callerFrom(ORDER, {
      file: [m('Jana z Excelu', 'file')],
      ipbx: [m('Jan Novák', 'ipbx', { company: 'Stavby Novák s.r.o.' })],
      crm: [m('Ing. Jan Novák', 'crm', { url: 'https://crm.example/c/1', origin: 'https://crm.example' })],
    });
    expect(caller).toEqual({
      name: 'Ing. Jan Novák',
      others: ['Jan Novák', 'Jana z Excelu'],
      recordUrl: 'https://crm.example/c/1',
      source: 'crm',
      origin: 'https://crm.example',
    });
    expect(
      callerFrom(['file', 'ipbx', 'crm', 'user'], { file: [m('Jana z Excelu', 'file')], ipbx: [m('Jan', 'ipbx')] }),
    ).toMatchObject({ name: 'Jana z Excelu', others: ['Jan'], source: 'file' });
  });

  it('the same name from two sources is one person (case, accents and spacing aside)', () => {
    const caller = callerFrom(ORDER, {
      ipbx: [m('Jan Novák', 'ipbx', { company: 'Stavby' })],
      file: [m('JAN  NOVAK', 'file'), m('Petra Nová', 'file')],
    });
    expect(caller).toEqual({ name: 'Jan Novák', company: 'Stavby', others: ['Petra Nová'], source: 'ipbx' });
  });

  it('a source left out of the order counts for nothing; no match is no caller', () => {
    expect(callerFrom(['user', 'ipbx'], { file: [m('Jana', 'file')] })).toBeUndefined();
    expect(callerFrom(ORDER, {})).toBeUndefined();
  });

  it('the record URL is the first match that has one, even when another source names the caller', () => {
    const caller = callerFrom(ORDER, {
      user: [m('Můj instalatér', 'user')],
      crm: [m('Petr Malý', 'crm', { url: 'https://crm.example/c/9' })],
    });
    expect(caller).toMatchObject({ name: 'Můj instalatér', recordUrl: 'https://crm.example/c/9', source: 'user' });
  });

  it('sameCaller tells a change that shows from one that does not', () => {
    const a = callerFrom(ORDER, { ipbx: [m('Jan', 'ipbx'), m('Eva', 'ipbx')] });
    expect(sameCaller(a, callerFrom(ORDER, { ipbx: [m('Jan', 'ipbx'), m('Eva', 'ipbx')] }))).toBe(true);
    expect(sameCaller(a, callerFrom(ORDER, { ipbx: [m('Jan', 'ipbx')] }))).toBe(false);
    expect(sameCaller(undefined, undefined)).toBe(true);
    expect(sameCaller(a, undefined)).toBe(false);
  });
});

describe("a named caller in a notification's words", () => {
  it('the name as the title ("+N more" when several), company and number in the body, the number left-to-right', () => {
    expect(callerTitle({ name: 'Jan Novák', source: 'ipbx' })).toBe('Jan Novák');
    expect(callerTitle({ name: 'Jan Novák', others: ['Eva'], source: 'ipbx' })).toBe('\u2068Jan Novák\u2069 +1 more');
    expect(callerBody({ name: 'Jan', company: 'Stavby', source: 'ipbx' }, '777 888 999')).toBe(
      '\u2068Stavby\u2069 · \u2066777 888 999\u2069',
    );
    expect(callerBody({ name: 'Jan', source: 'ipbx' }, '777 888 999')).toBe('\u2066777 888 999\u2069');
  });
});

describe("the user's own names", () => {
  it("a new name replaces the number's old one; an empty name removes it; other numbers stay", () => {
    const one = withUserName(null, '777 888 999', '+420777888999', '  Jan  ', 'CZ', 5);
    expect(one).toEqual({
      country: 'CZ',
      updatedAt: 5,
      contacts: [
        { name: 'Jan', company: '', phones: [{ number: '777 888 999', type: 'other', key: '+420777888999' }] },
      ],
    });
    const two = withUserName(one, '602123456', '+420602123456', 'Eva', 'CZ', 6);
    const renamed = withUserName(two, '+420777888999', '+420777888999', 'Jan Novák', 'CZ', 7);
    expect(renamed.contacts.map((c) => c.name)).toEqual(['Eva', 'Jan Novák']);
    expect(withUserName(renamed, '777888999', '+420777888999', ' ', 'CZ', 8).contacts.map((c) => c.name)).toEqual([
      'Eva',
    ]);
  });

  it('recent calls of that number get the name (or lose it), whatever way the number was written', () => {
    const recent = (uniqueId: string, number: string, name?: string): RecentCall => ({
      uniqueId,
      direction: 'incoming',
      number,
      startedAt: 1,
      endedAt: 2,
      answered: true,
      durationMs: 1,
      ...(name ? { name } : {}),
    });
    const keyer = new NumberKeyer('CZ');
    const list = [recent('a', '777888999'), recent('b', '+420 777 888 999', 'Old'), recent('c', '602123456', 'Eva')];
    const keyOf = (n: string) => keyer.key(n);
    expect(renameRecent(list, keyOf, '+420777888999', 'Jan').map((c) => c.name)).toEqual(['Jan', 'Jan', 'Eva']);
    expect(renameRecent(list, keyOf, '+420777888999', undefined).map((c) => c.name)).toEqual([
      undefined,
      undefined,
      'Eva',
    ]);
  });
});

describe('stored contacts', () => {
  const contacts = (): ContactRecord[] => [
    {
      name: 'Jan',
      company: '',
      phones: [
        { number: '777 888 999', type: 'mobile' },
        { number: 'n/a', type: 'work' },
      ],
    },
  ];

  it('keys are worked out once, and dropped when they were worked out in another country', async () => {
    const list = contacts();
    await addNumberKeys(list, 'CZ');
    expect(list[0]?.phones).toEqual([
      { number: '777 888 999', type: 'mobile', key: '+420777888999' },
      { number: 'n/a', type: 'work' },
    ]);
    keysFor(list, 'CZ', 'CZ');
    expect(list[0]?.phones[0]?.key).toBe('+420777888999');
    keysFor(list, 'CZ', 'SK');
    expect(list[0]?.phones[0]?.key).toBeUndefined();
  });

  it('a broken contact is dropped and counted, never the whole list', () => {
    const raw = {
      country: 'CZ',
      updatedAt: 3,
      fileName: 'a.csv',
      contacts: [...contacts(), { name: 42, phones: [] }, 'nonsense', { name: 'Eva', company: 'X', phones: [{}] }],
    };
    const { value, reasons } = decodeItem(ITEMS.fileContacts, raw);
    expect(value).toEqual({
      country: 'CZ',
      updatedAt: 3,
      fileName: 'a.csv',
      contacts: [...contacts(), { name: 'Eva', company: 'X', phones: [] }],
    });
    expect(reasons).toEqual(['file: dropped 2 broken contacts']);
    expect(decodeItem(ITEMS.fileContacts, { contacts: [] })).toEqual({
      value: null,
      reasons: ['file: expected country, updatedAt and contacts'],
    });
  });
});
