/**
 * Screen pop (src/background/screen-pop.ts): which calls pop and when, the URL built from the template, and the tabs it
 * opens in the fake browser: once per call, reusing the tab it opened before.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock, type MockInstance } from 'vitest';
import browser from 'webextension-polyfill';
import { callReducer, EMPTY_CALL_STATE, type CallState } from '../../src/background/call-reducer.ts';
import { callsToPop, ScreenPop, screenPopUrl } from '../../src/background/screen-pop.ts';
import type { Call } from '../../src/shared/calls.ts';
import type { Logger } from '../../src/shared/log.ts';
import type { CallEvent, Direction } from '../../src/shared/protocol.ts';
import { migrateSettings, type ScreenPop as ScreenPopSettings, type Settings } from '../../src/shared/settings.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';

/** storage.session: the calls popped, and the tabs opened by URL. */
const POPPED_KEY = 'screenPopped';
const POP_TABS_KEY = 'screenPopTabs';

const T0 = 1_700_000_000_000;
const TEMPLATE = 'https://crm.example.com/search?phone={number}';

function settings(screenPop: Partial<ScreenPopSettings> = {}): Settings {
  return migrateSettings({ defaultCountry: 'CZ', screenPop: { enabled: true, urlTemplate: TEMPLATE, ...screenPop } });
}

function ringing(uniqueId: string, extra: Partial<CallEvent> = {}): CallEvent {
  return { event: 'call', type: 'ringing', uniqueId, from: '777888999', to: '444', direction: 'incoming', ...extra };
}

function answered(uniqueId: string): CallEvent {
  return { event: 'call', type: 'answered', uniqueId };
}

function hangup(uniqueId: string): CallEvent {
  return { event: 'call', type: 'hangup', uniqueId };
}

function apply(state: CallState, ...events: CallEvent[]): CallState {
  return events.reduce((s, event, i) => callReducer(s, { type: 'event', event, at: T0 + i }), state);
}

function call(overrides: Partial<Call> = {}): Call {
  return {
    uniqueId: '1',
    from: '777888999',
    to: '444',
    direction: 'incoming',
    state: 'ringing',
    startedAt: T0,
    ...overrides,
  };
}

const popped = (prev: CallState, next: CallState, s: Settings) => callsToPop(prev, next, s).map((c) => c.uniqueId);

describe('callsToPop: when', () => {
  const rings = apply(EMPTY_CALL_STATE, ringing('1'));
  const answers = apply(rings, answered('1'));

  it('on ringing: pops when the call first appears, not when it is answered', () => {
    const s = settings({ when: 'ringing' });
    expect(popped(EMPTY_CALL_STATE, rings, s)).toEqual(['1']);
    expect(popped(rings, answers, s)).toEqual([]);
    // An Answered whose Ringing was lost is the first sight of the call: it pops.
    const direct = apply(EMPTY_CALL_STATE, { ...ringing('2'), type: 'answered' });
    expect(popped(EMPTY_CALL_STATE, direct, s)).toEqual(['2']);
  });

  it('on answer: does not pop while ringing, pops once when answered', () => {
    const s = settings({ when: 'answered' });
    expect(popped(EMPTY_CALL_STATE, rings, s)).toEqual([]);
    expect(popped(rings, answers, s)).toEqual(['1']);
    expect(popped(answers, apply(answers, answered('1')), s)).toEqual([]);
    expect(popped(answers, apply(answers, hangup('1')), s)).toEqual([]);
  });

  it('pops nothing when screen pop is off or has no template', () => {
    expect(popped(EMPTY_CALL_STATE, rings, settings({ enabled: false }))).toEqual([]);
    expect(popped(EMPTY_CALL_STATE, rings, settings({ urlTemplate: '' }))).toEqual([]);
  });
});

describe('callsToPop: which calls', () => {
  const state = (direction: Direction, from = '777888999', to = '444') =>
    apply(EMPTY_CALL_STATE, ringing('1', { direction, from, to }));

  it('incomingOnly skips outgoing calls; off, they pop too', () => {
    for (const direction of ['outgoing', 'outgoingLocal'] as const) {
      expect(
        popped(
          EMPTY_CALL_STATE,
          state(direction, '444', '777888999'),
          settings({ incomingOnly: true, skipInternal: false }),
        ),
      ).toEqual([]);
    }
    expect(popped(EMPTY_CALL_STATE, state('outgoing', '444', '777888999'), settings({ incomingOnly: false }))).toEqual([
      '1',
    ]);
    expect(popped(EMPTY_CALL_STATE, state('incoming'), settings({ incomingOnly: true }))).toEqual(['1']);
  });

  it('skipAnonymous skips an empty or withheld caller id; off, they pop', () => {
    for (const from of ['', '  ', 'anonymous', 'Unknown', 'RESTRICTED', 'private']) {
      expect(popped(EMPTY_CALL_STATE, state('incoming', from), settings({ skipAnonymous: true }))).toEqual([]);
      expect(popped(EMPTY_CALL_STATE, state('incoming', from), settings({ skipAnonymous: false }))).toEqual(['1']);
    }
    // An outgoing call is judged by its callee, not by the caller field.
    expect(
      popped(
        EMPTY_CALL_STATE,
        state('outgoing', '', '777888999'),
        settings({ incomingOnly: false, skipAnonymous: true }),
      ),
    ).toEqual(['1']);
  });

  it('skipInternal skips calls between lines; off, they pop', () => {
    expect(popped(EMPTY_CALL_STATE, state('incomingLocal', '445'), settings({ skipInternal: true }))).toEqual([]);
    expect(popped(EMPTY_CALL_STATE, state('incomingLocal', '445'), settings({ skipInternal: false }))).toEqual(['1']);
    expect(
      popped(
        EMPTY_CALL_STATE,
        state('outgoingLocal', '444', '445'),
        settings({ incomingOnly: false, skipInternal: true }),
      ),
    ).toEqual([]);
    expect(
      popped(
        EMPTY_CALL_STATE,
        state('outgoingLocal', '444', '445'),
        settings({ incomingOnly: false, skipInternal: false }),
      ),
    ).toEqual(['1']);
  });
});

describe('screenPopUrl', () => {
  const ALL = 'https://crm.example.com/p?n={number}&e={e164}&l={line}&q={queue}&u={uniqueId}';

  it('inserts every placeholder URL-encoded: spaces, "&" and "#" never break the URL', () => {
    const c = call({
      uniqueId: '1412256225.1940 #2',
      from: '+420 777 888 999',
      line: 'a&b=c',
      queue: 'sales #1 & more',
    });
    const url = screenPopUrl(ALL, c, 'CZ');
    expect(url).toBe(
      'https://crm.example.com/p?n=%2B420%20777%20888%20999&e=%2B420777888999&l=a%26b%3Dc&q=sales%20%231%20%26%20more&u=1412256225.1940%20%232',
    );
    const parsed = new URL(url!);
    expect(parsed.hash).toBe('');
    expect([...parsed.searchParams.keys()]).toEqual(['n', 'e', 'l', 'q', 'u']);
    expect(parsed.searchParams.get('n')).toBe('+420 777 888 999');
    expect(parsed.searchParams.get('e')).toBe('+420777888999');
    expect(parsed.searchParams.get('l')).toBe('a&b=c');
    expect(parsed.searchParams.get('q')).toBe('sales #1 & more');
    expect(parsed.searchParams.get('u')).toBe('1412256225.1940 #2');
  });

  it('{e164} reads a national number in the default country; unknown parts become empty', () => {
    expect(screenPopUrl('https://x.example/{e164}/{line}/{queue}', call({ from: '777 888 999' }), 'CZ')).toBe(
      'https://x.example/%2B420777888999//',
    );
    // Not a phone number (an internal line): the text as sent.
    expect(screenPopUrl('https://x.example/?e={e164}', call({ from: '445', direction: 'incomingLocal' }), 'CZ')).toBe(
      'https://x.example/?e=445',
    );
  });

  it('uses the callee for an outgoing call', () => {
    expect(screenPopUrl(TEMPLATE, call({ from: '444', to: '602123456', direction: 'outgoing' }), 'CZ')).toBe(
      'https://crm.example.com/search?phone=602123456',
    );
  });

  it('inserts values as text: a value that looks like a placeholder is not expanded', () => {
    const url = screenPopUrl('https://x.example/?q={queue}&u={uniqueId}', call({ queue: '{uniqueId}' }), 'CZ');
    expect(url).toBe('https://x.example/?q=%7BuniqueId%7D&u=1');
  });

  it.each([
    'javascript:alert({number})',
    'data:text/html,<b>{number}</b>',
    'file:///etc/passwd?{number}',
    '{number}',
    'crm.example.com/?n={number}',
    'ftp://crm.example.com/{number}',
  ])('gives null for %j, which is not an http(s) URL', (template) => {
    expect(screenPopUrl(template, call({ from: 'javascript:alert(1)//' }), 'CZ')).toBeNull();
  });
});

describe('ScreenPop in the fake browser', () => {
  let log: Logger & { warn: Mock<(m: string) => void> };
  type Tab = { id?: number; windowId?: number; url?: string };
  let create: MockInstance<(props: { url?: string; active?: boolean }) => Promise<Tab>>;
  let update: MockInstance<(id: number, props: { url?: string; active?: boolean }) => Promise<Tab>>;
  let focus: MockInstance<(id: number, props: { focused?: boolean }) => Promise<unknown>>;

  beforeEach(() => {
    fakeBrowser.reset();
    log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn<(m: string) => void>(), error: vi.fn() };
    create = vi.spyOn(fakeBrowser.tabs, 'create') as unknown as typeof create;
    update = vi.spyOn(fakeBrowser.tabs, 'update') as unknown as typeof update;
    focus = vi.spyOn(fakeBrowser.windows, 'update') as unknown as typeof focus;
  });

  afterEach(() => vi.restoreAllMocks());

  const createdUrls = () => create.mock.calls.map(([props]) => props.url);
  /** Calls far enough apart for the rate limit (screen-pop-limit.ts) never to hold one back. */
  const calmClock = () => {
    let t = 0;
    return () => (t += 5_000);
  };

  it('opens the URL of a ringing call in a new active tab, and remembers the call and the tab', async () => {
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const rings = apply(EMPTY_CALL_STATE, ringing('1412256225.1940', { from: '+420 777 888 999' }));
    await pop.apply(EMPTY_CALL_STATE, rings, settings());
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith({
      url: 'https://crm.example.com/search?phone=%2B420%20777%20888%20999',
      active: true,
    });
    const stored = await fakeBrowser.storage.session.get([POPPED_KEY, POP_TABS_KEY]);
    expect(stored[POPPED_KEY]).toEqual(['1412256225.1940']);
    const tabs = stored[POP_TABS_KEY] as Record<string, number>;
    const tabId = tabs['https://crm.example.com/search?phone=%2B420%20777%20888%20999'];
    expect(typeof tabId).toBe('number');
    expect((await fakeBrowser.tabs.get(tabId!))?.url).toBe(
      'https://crm.example.com/search?phone=%2B420%20777%20888%20999',
    );
  });

  it('waits for who is calling only when the template names {name} or {recordUrl}', async () => {
    const callerOf = vi.fn(async (c: Call) => ({
      name: 'Jan Novák',
      recordUrl: `https://crm.example.com/contact/${c.uniqueId}`,
      source: 'crm' as const,
    }));
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { callerOf, now: calmClock() });
    const first = apply(EMPTY_CALL_STATE, ringing('7'));
    await pop.apply(EMPTY_CALL_STATE, first, settings({ urlTemplate: '{recordUrl}', reuseTab: false }));
    expect(createdUrls()).toEqual(['https://crm.example.com/contact/7']);
    const second = apply(first, ringing('8'));
    await pop.apply(first, second, settings({ urlTemplate: 'https://crm.example.com/?q={number}', reuseTab: false }));
    expect(callerOf).toHaveBeenCalledTimes(1);
    const third = apply(second, ringing('9'));
    await pop.apply(second, third, settings({ urlTemplate: 'https://crm.example.com/?who={name}', reuseTab: false }));
    expect(createdUrls().at(-1)).toBe('https://crm.example.com/?who=Jan%20Nov%C3%A1k');
  });

  it('pops once per call, across repeated events, a second Ringing and a restarted worker', async () => {
    const s = settings({ reuseTab: false });
    const rings = apply(EMPTY_CALL_STATE, ringing('1'));
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    // Two quick applies of the same change (the effect run twice) must not race into two tabs.
    await Promise.all([pop.apply(EMPTY_CALL_STATE, rings, s), pop.apply(EMPTY_CALL_STATE, rings, s)]);
    await pop.apply(rings, apply(rings, ringing('1')), s);
    await pop.apply(rings, apply(rings, answered('1')), s);
    // A restarted worker rebuilds its state from storage.session and diffs from the empty state again.
    await new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() }).apply(
      EMPTY_CALL_STATE,
      rings,
      s,
    );
    expect(create).toHaveBeenCalledTimes(1);
    // On answer: the same, once.
    const later = apply(EMPTY_CALL_STATE, ringing('2'));
    const answeredLater = apply(later, answered('2'));
    const onAnswer = settings({ when: 'answered', reuseTab: false });
    await pop.apply(EMPTY_CALL_STATE, later, onAnswer);
    expect(create).toHaveBeenCalledTimes(1);
    await pop.apply(later, answeredLater, onAnswer);
    await pop.apply(later, answeredLater, onAnswer);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('a template that does not make an http(s) URL opens nothing, says why, and still counts the call as handled', async () => {
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const rings = apply(EMPTY_CALL_STATE, ringing('1'));
    await pop.apply(EMPTY_CALL_STATE, rings, settings({ urlTemplate: 'javascript:alert({number})' }));
    expect(create).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('screen pop skipped: the template does not make an http(s) URL');
    expect((await fakeBrowser.storage.session.get(POPPED_KEY))[POPPED_KEY]).toEqual(['1']);
  });

  it('reuseTab: the second call for the same URL updates and focuses the tab opened before, no new tab', async () => {
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const s = settings({ urlTemplate: 'https://crm.example.com/queue?q={queue}', reuseTab: true });
    const first = apply(EMPTY_CALL_STATE, ringing('1', { queue: 'support' }));
    await pop.apply(EMPTY_CALL_STATE, first, s);
    expect(create).toHaveBeenCalledTimes(1);
    const tab = (await create.mock.results[0]!.value) as Required<Tab>;

    const second = apply(first, hangup('1'), ringing('2', { queue: 'support', from: '602123456' }));
    await pop.apply(first, second, s);
    expect(create).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith(tab.id, { url: 'https://crm.example.com/queue?q=support', active: true });
    expect(focus).toHaveBeenCalledWith(tab.windowId, { focused: true });

    // Another URL gets its own tab.
    const third = apply(second, ringing('3', { queue: 'sales' }));
    await pop.apply(second, third, s);
    expect(createdUrls()).toEqual(['https://crm.example.com/queue?q=support', 'https://crm.example.com/queue?q=sales']);
  });

  it('reuseTab off: every call gets a new tab, even for the same URL', async () => {
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const s = settings({ urlTemplate: 'https://crm.example.com/incoming', reuseTab: false });
    const first = apply(EMPTY_CALL_STATE, ringing('1'));
    await pop.apply(EMPTY_CALL_STATE, first, s);
    const second = apply(first, ringing('2'));
    await pop.apply(first, second, s);
    expect(createdUrls()).toEqual(['https://crm.example.com/incoming', 'https://crm.example.com/incoming']);
    expect(update).not.toHaveBeenCalled();
  });

  it('reuseTab with the old tab closed: opens a new one and remembers it', async () => {
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const s = settings({ urlTemplate: 'https://crm.example.com/incoming', reuseTab: true });
    const first = apply(EMPTY_CALL_STATE, ringing('1'));
    await pop.apply(EMPTY_CALL_STATE, first, s);
    const old = (await create.mock.results[0]!.value) as { id: number };
    update.mockRejectedValueOnce(new Error('No tab with id'));
    const second = apply(first, ringing('2'));
    await pop.apply(first, second, s);
    expect(update).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledTimes(2);
    const fresh = (await create.mock.results[1]!.value) as { id: number };
    expect(fresh.id).not.toBe(old.id);
    const tabs = (await fakeBrowser.storage.session.get(POP_TABS_KEY))[POP_TABS_KEY] as Record<string, number>;
    expect(tabs['https://crm.example.com/incoming']).toBe(fresh.id);
  });

  it('reads what it stored with the registry: garbage in storage.session is logged and read as nothing remembered', async () => {
    await fakeBrowser.storage.session.set({
      [POPPED_KEY]: 'not a list',
      [POP_TABS_KEY]: { 'https://crm.example.com/incoming': 'tab 7' },
    });
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const s = settings({ urlTemplate: 'https://crm.example.com/incoming', reuseTab: true });
    await pop.apply(EMPTY_CALL_STATE, apply(EMPTY_CALL_STATE, ringing('1')), s);
    expect(update).not.toHaveBeenCalled();
    expect(create).toHaveBeenCalledTimes(1);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('stored screenPopped is partly invalid'));
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('stored screenPopTabs is partly invalid'));
    expect((await fakeBrowser.storage.session.get(POPPED_KEY))[POPPED_KEY]).toEqual(['1']);
  });

  it('nothing pops for calls the rules skip', async () => {
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    const s = settings();
    const next = apply(
      EMPTY_CALL_STATE,
      ringing('1', { from: '' }),
      ringing('2', { direction: 'outgoing', from: '444', to: '602123456' }),
      ringing('3', { direction: 'incomingLocal', from: '445' }),
    );
    await pop.apply(EMPTY_CALL_STATE, next, s);
    expect(create).not.toHaveBeenCalled();
  });

  it('a hostile iPBX cannot flood the desktop: one tab every 2 s, ten a minute; the rest wait for "Open record"', async () => {
    let now = T0;
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: () => now });
    const s = settings({ reuseTab: false, urlTemplate: 'https://crm.example.com/c/{uniqueId}' });
    let state = EMPTY_CALL_STATE;
    const ring = async (id: string) => {
      const next = apply(state, ringing(id));
      await pop.apply(state, next, s);
      state = next;
    };
    // A burst: five rings in the same second open one tab.
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) await ring(id);
    expect(createdUrls()).toEqual(['https://crm.example.com/c/a1']);
    // One every 2 s goes through, up to ten in a minute.
    for (let i = 0; i < 12; i++) {
      now += 2_000;
      await ring(`b${i}`);
    }
    expect(createdUrls()).toHaveLength(10);
    expect(createdUrls().at(-1)).toBe('https://crm.example.com/c/b8');
    // What was held back is kept for the panel, by call.
    const held = (await fakeBrowser.storage.session.get('screenPopHeld')).screenPopHeld as Record<string, string>;
    expect(Object.keys(held).sort()).toEqual(['a2', 'a3', 'a4', 'a5', 'b10', 'b11', 'b9']);
    expect(held.a3).toBe('https://crm.example.com/c/a3');
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('held back'));
    // A minute later, tabs open again.
    now += 60_000;
    await ring('c1');
    expect(createdUrls().at(-1)).toBe('https://crm.example.com/c/c1');

    // "Open record" on a held call: the user's own click opens it at once, once.
    create.mockClear();
    await pop.openHeld('a3');
    expect(createdUrls()).toEqual(['https://crm.example.com/c/a3']);
    await pop.openHeld('a3');
    await pop.openHeld('nope');
    expect(createdUrls()).toEqual(['https://crm.example.com/c/a3']);
  });

  it('"Open record" opens nothing but an http(s) URL, whatever storage.session holds', async () => {
    await fakeBrowser.storage.session.set({
      screenPopHeld: { x: 'javascript:alert(1)', y: 'https://crm.example.com/y' },
    });
    const pop = new ScreenPop(browser, new ItemStorage({ browser, log }), log, { now: calmClock() });
    await pop.openHeld('x');
    expect(create).not.toHaveBeenCalled();
    await pop.openHeld('y');
    expect(createdUrls()).toEqual(['https://crm.example.com/y']);
  });
});
