/**
 * Who is calling, per call (src/background/caller-resolution.ts), and what shows it: the name is there from the
 * first change (local sources), a CRM answer renames the call later (the notification is updated in place), a failed
 * or switched-off CRM never holds anything up; the screen pop waits for {name} and {recordUrl}.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { CallerResolution } from '../../src/background/caller-resolution.ts';
import { callReducer, EMPTY_CALL_STATE, type CallState } from '../../src/background/call-reducer.ts';
import type { CrmMatch } from '../../src/background/contacts/crm-answer.ts';
import type { NamedMatch } from '../../src/background/contacts/merge.ts';
import { notificationId, Notifier } from '../../src/background/notifier.ts';
import { screenPopUrl } from '../../src/background/screen-pop.ts';
import type { Logger } from '../../src/shared/log.ts';
import { NumberKeyer, type NumberKey } from '../../src/shared/number-key.ts';
import type { CallEvent } from '../../src/shared/protocol.ts';
import { migrateSettings, type Settings } from '../../src/shared/settings.ts';

const log: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const CRM_TEMPLATE = 'https://crm.example/api?phone={e164}';
const CONTACTS = { ipbxUrl: 'https://pbx.example/api/contacts' };

function ring(state: CallState, uniqueId: string, from: string, extra: Partial<CallEvent> = {}): CallState {
  const event: CallEvent = {
    event: 'call',
    type: 'ringing',
    uniqueId,
    from,
    to: '444',
    direction: 'incoming',
    ...extra,
  };
  return callReducer(state, { type: 'event', event, at: 1 });
}

function hangup(state: CallState, uniqueId: string): CallState {
  return callReducer(state, { type: 'event', event: { event: 'call', type: 'hangup', uniqueId }, at: 2 });
}

/** Local sources as a table: source → key → names. */
type Table = Partial<Record<'user' | 'ipbx' | 'file', Record<NumberKey, string[]>>>;

function setup(table: Table, settingsPatch: object = {}) {
  let settings: Settings = migrateSettings({
    callerLookup: { urlTemplate: CRM_TEMPLATE },
    contacts: { ipbxUrl: 'https://pbx.example/api/contacts' },
    ...settingsPatch,
  });
  const crmAnswers = new Map<string, { resolve: (m: CrmMatch[]) => void; reject: (e: Error) => void }>();
  const crm = {
    lookup: vi.fn(
      (url: string) =>
        new Promise<CrmMatch[]>((resolve, reject) => {
          crmAnswers.set(url, { resolve, reject });
        }),
    ),
  };
  const directory = {
    matches: (source: 'user' | 'ipbx' | 'file', key: NumberKey): NamedMatch[] =>
      (table[source]?.[key] ?? []).map((name) => ({ name, company: '', source })),
  };
  const changed: string[] = [];
  const resolution = new CallerResolution({
    directory,
    crm,
    settings: () => settings,
    keyer: () => new NumberKeyer('CZ'),
    onChanged: (id) => changed.push(id),
  });
  const answer = (number: string, matches: CrmMatch[]) =>
    crmAnswers.get(`https://crm.example/api?phone=${encodeURIComponent(number)}`)?.resolve(matches);
  const fail = (number: string) =>
    crmAnswers.get(`https://crm.example/api?phone=${encodeURIComponent(number)}`)?.reject(new Error('down'));
  return {
    resolution,
    crm,
    changed,
    answer,
    fail,
    setSettings: (patch: object) => {
      settings = migrateSettings({ ...settings, ...patch });
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('CallerResolution', () => {
  it('names a call from the local sources on its first change, in the priority order, with "+N more"', () => {
    const { resolution } = setup({
      file: { '+420777888999': ['Jana z Excelu'] },
      ipbx: { '+420777888999': ['Jan Novák'] },
    });
    const calls = ring(EMPTY_CALL_STATE, 'u1', '777 888 999');
    resolution.track(calls);
    expect(resolution.callerOf('u1')).toEqual({ name: 'Jan Novák', others: ['Jana z Excelu'], source: 'ipbx' });
    expect(resolution.callers(calls)).toEqual({ u1: resolution.callerOf('u1') });
  });

  it('a later CRM answer renames the call; onChanged tells the notifier and the panels', async () => {
    const { resolution, changed, answer, crm } = setup({ ipbx: { '+420777888999': ['Jan Novák'] } });
    resolution.track(ring(EMPTY_CALL_STATE, 'u1', '777888999'));
    expect(crm.lookup).toHaveBeenCalledWith('https://crm.example/api?phone=%2B420777888999', {
      name: 'name',
      company: 'company',
      url: 'url',
    });
    answer('+420777888999', [{ name: 'Ing. Jan Novák', company: 'Stavby', url: 'https://crm.example/c/1' }]);
    await flush();
    expect(changed).toEqual(['u1']);
    expect(resolution.callerOf('u1')).toEqual({
      name: 'Ing. Jan Novák',
      company: 'Stavby',
      others: ['Jan Novák'],
      recordUrl: 'https://crm.example/c/1',
      source: 'crm',
      origin: 'https://crm.example',
    });
  });

  it('a CRM that fails leaves the local name, quietly; an answer that changes nothing is no change', async () => {
    const { resolution, changed, fail, answer } = setup({ file: { '+420602123456': ['Eva'] } });
    resolution.track(ring(ring(EMPTY_CALL_STATE, 'a', '602123456'), 'b', '+420 603 000 111'));
    fail('+420602123456');
    answer('+420603000111', []);
    await flush();
    expect(changed).toEqual([]);
    expect(resolution.callerOf('a')?.name).toBe('Eva');
    expect(resolution.callerOf('b')).toBeUndefined();
  });

  it('asks the CRM about outside numbers only, and only when it is switched on and set', () => {
    const { resolution, crm } = setup(
      {},
      { contacts: { ipbxUrl: 'https://pbx.example/api/contacts', sources: { crm: false } } },
    );
    resolution.track(ring(EMPTY_CALL_STATE, 'x', '777888999'));
    expect(crm.lookup).not.toHaveBeenCalled();
    const on = setup({ ipbx: { '445': ['Bob Svoboda'] } });
    on.resolution.track(ring(EMPTY_CALL_STATE, 'line', '445', { direction: 'incomingLocal' }));
    on.resolution.track(ring(EMPTY_CALL_STATE, 'anon', 'anonymous'));
    expect(on.crm.lookup).not.toHaveBeenCalled();
    // A colleague by line: the iPBX list knows line 445.
    expect(on.resolution.callerOf('line')).toEqual({ name: 'Bob Svoboda', source: 'ipbx' });
    expect(on.resolution.callerOf('anon')).toBeUndefined();
  });

  it("an empty contact-list URL turns the iPBX's names off, even with an earlier list kept", () => {
    const { resolution } = setup({ ipbx: { '+420777888999': ['Jan Novák'] } }, { contacts: { ipbxUrl: '' } });
    resolution.track(ring(EMPTY_CALL_STATE, 'u1', '777888999'));
    expect(resolution.callerOf('u1')).toBeUndefined();
  });

  it('a source switched off, or a new order, renames live calls on refreshAll', () => {
    const { resolution, changed, setSettings } = setup({
      user: { '+420777888999': ['Můj Honza'] },
      file: { '+420777888999': ['Jan Novák'] },
    });
    resolution.track(ring(EMPTY_CALL_STATE, 'u1', '777888999'));
    expect(resolution.callerOf('u1')?.name).toBe('Můj Honza');
    setSettings({ contacts: { ...CONTACTS, order: ['file', 'user'] } });
    resolution.refreshAll();
    expect(resolution.callerOf('u1')?.name).toBe('Jan Novák');
    setSettings({ contacts: { ...CONTACTS, sources: { file: false, user: false, ipbx: true, crm: true } } });
    resolution.refreshAll();
    expect(resolution.callerOf('u1')).toBeUndefined();
    expect(changed).toEqual(['u1', 'u1']);
  });

  it('an ended call keeps its caller for recent calls; the snapshot lists live calls only', () => {
    const { resolution } = setup({ ipbx: { '+420777888999': ['Jan Novák'] } });
    const calls = ring(EMPTY_CALL_STATE, 'u1', '777888999');
    resolution.track(calls);
    const ended = hangup(calls, 'u1');
    resolution.track(ended);
    expect(resolution.callerOf('u1')?.name).toBe('Jan Novák');
    expect(resolution.callers(ended)).toEqual({});
  });

  it('waitFor gives the caller once the CRM answered, or at the timeout', async () => {
    const { resolution, answer } = setup({});
    const calls = ring(EMPTY_CALL_STATE, 'u1', '777888999');
    resolution.track(calls);
    const call = calls.calls.get('u1');
    if (!call) throw new Error('no call');
    const waiting = resolution.waitFor(call, 2_000);
    answer('+420777888999', [{ name: 'Jan', company: '', url: 'https://crm.example/c/1' }]);
    expect(await waiting).toMatchObject({ name: 'Jan', recordUrl: 'https://crm.example/c/1' });
    const other = ring(EMPTY_CALL_STATE, 'u2', '602123456');
    resolution.track(other);
    const started = Date.now();
    const second = other.calls.get('u2');
    if (!second) throw new Error('no call');
    expect(await resolution.waitFor(second, 50)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('the notification and the screen pop with a caller', () => {
  beforeEach(() => fakeBrowser.reset());
  const SETTINGS = migrateSettings({ defaultCountry: 'CZ' });

  it('the first notification has the name; a later name updates it in place; none after it was cleared', async () => {
    let caller: { name: string; company?: string; source: 'ipbx' | 'crm' } | undefined = {
      name: 'Jan Novák',
      source: 'ipbx',
    };
    const notifier = new Notifier(browser, log, Date.now, () => caller);
    const s1 = ring(EMPTY_CALL_STATE, 'u1', '+420777888999');
    notifier.apply(EMPTY_CALL_STATE, s1, SETTINGS);
    await flush();
    const id = notificationId('u1');
    expect(fakeBrowser.notifications.getAllCreateOptions()[id]).toMatchObject({
      title: 'Jan Novák',
      message: '\u2066777 888 999\u2069',
    });
    const update = vi.spyOn(fakeBrowser.notifications, 'update');
    caller = { name: 'Ing. Jan Novák', company: 'Stavby', source: 'crm' };
    notifier.named('u1', SETTINGS);
    await flush();
    expect(update).toHaveBeenCalledTimes(1);
    expect(fakeBrowser.notifications.getAllCreateOptions()[id]).toMatchObject({
      title: 'Ing. Jan Novák',
      message: '\u2068Stavby\u2069 · \u2066777 888 999\u2069',
      buttons: [{ title: 'Hang up' }],
    });
    // The same words again: nothing to update.
    notifier.named('u1', SETTINGS);
    await flush();
    expect(update).toHaveBeenCalledTimes(1);
    notifier.apply(s1, hangup(s1, 'u1'), SETTINGS);
    await flush();
    caller = { name: 'Someone else', source: 'crm' };
    notifier.named('u1', SETTINGS);
    await flush();
    expect(update).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('the screen pop fills in {name} and {recordUrl}', () => {
    const call = ring(EMPTY_CALL_STATE, 'u1', '777888999').calls.get('u1');
    if (!call) throw new Error('no call');
    const caller = { name: 'Jan Novák', recordUrl: 'https://crm.example/c/1', source: 'crm' as const };
    expect(screenPopUrl('{recordUrl}', call, 'CZ', caller)).toBe('https://crm.example/c/1');
    expect(screenPopUrl('https://x.example/?who={name}&n={number}', call, 'CZ', caller)).toBe(
      'https://x.example/?who=Jan%20Nov%C3%A1k&n=777888999',
    );
    // No caller known: an empty name, and no record to open.
    expect(screenPopUrl('https://x.example/?who={name}', call, 'CZ')).toBe('https://x.example/?who=');
    expect(screenPopUrl('{recordUrl}', call, 'CZ')).toBeNull();
  });
});
