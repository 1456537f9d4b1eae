/**
 * Missed calls (src/background/missed-calls.ts): which ended calls raise the "Missed call" notification (the reducer's
 * rule, end to end from the iPBX's events), how several coalesce, the unseen count and the seen mark that a restarted
 * worker keeps, and Chrome's "Call back".
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import csMessages from '../../public/_locales/cs/messages.json' with { type: 'json' };
import { callReducer, EMPTY_CALL_STATE, type CallAction, type CallState } from '../../src/background/call-reducer.ts';
import { endedCalls } from '../../src/background/history.ts';
import {
  CALL_BACK_BUTTON,
  callBackNumber,
  MISSED_NOTIFICATION_ID,
  MissedCalls,
  missedText,
  unseenMissed,
  type NameOf,
} from '../../src/background/missed-calls.ts';
import { RequestError } from '../../src/background/requests.ts';
import type { Direction, CallEvent } from '../../src/shared/protocol.ts';
import { migrateSettings } from '../../src/shared/settings.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';
import type { RecentCall } from '../../src/shared/storage/items.ts';
import { getMessage } from '../support/fake-polyfill.ts';

const T0 = 1_700_000_000_000;
const SETTINGS = migrateSettings({ defaultCountry: 'CZ' });
const noName: NameOf = () => undefined;

function ev(type: CallEvent['type'], extra: Partial<CallEvent> = {}): CallEvent {
  return { event: 'call', type, uniqueId: '1', ...extra };
}

/** The recent-call entry the history keeps for a call that went through `steps` and ended with `reason`. */
function endedAfter(direction: Direction, steps: (CallEvent | CallAction)[], reason?: string): RecentCall[] {
  let state: CallState = EMPTY_CALL_STATE;
  let at = T0;
  for (const step of steps) {
    at += 1000;
    state = callReducer(
      state,
      'event' in step && step.event === 'call' ? { type: 'event', event: step, at } : (step as CallAction),
    );
  }
  const ring = { from: '777888999', to: '444', direction, line: '444' };
  if (steps.length === 0) state = callReducer(state, { type: 'event', event: ev('ringing', ring), at });
  const hangup = ev('hangup', reason === undefined ? {} : { reason });
  const next = callReducer(state, { type: 'event', event: hangup, at: at + 1000 });
  return endedCalls(state, next, at + 1000);
}

const ringing = (direction: Direction = 'incoming', queue?: string) =>
  ev('ringing', { from: '777888999', to: '444', direction, line: '444', ...(queue ? { queue } : {}) });

function newMissedCalls(overrides: Partial<ConstructorParameters<typeof MissedCalls>[0]> = {}) {
  const storage = new ItemStorage({ browser, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const changes = vi.fn();
  const callBack = vi.fn(async (_number: string) => undefined);
  const missed = new MissedCalls({
    browser,
    storage,
    log: { debug() {}, info() {}, warn: vi.fn(), error() {} },
    nameOf: noName,
    callBack,
    onUnseenChange: changes,
    now: () => Date.now(),
    ...overrides,
  });
  return { missed, storage, changes, callBack };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function shown() {
  return fakeBrowser.notifications.getAllCreateOptions()[MISSED_NOTIFICATION_ID];
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0 + 60_000);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('which calls are missed (from the events to the notification)', () => {
  const cases: [string, boolean, () => RecentCall[]][] = [
    ['incoming, rang, "No user response"', true, () => endedAfter('incoming', [ringing()], 'No user response')],
    ['incoming, rang, the caller gave up (no reason)', true, () => endedAfter('incoming', [ringing()])],
    ['incoming, rang, "cancelled"', true, () => endedAfter('incoming', [ringing()], 'cancelled')],
    ['internal incoming, rang, unanswered', true, () => endedAfter('incomingLocal', [ringing('incomingLocal')])],
    [
      'queue call a colleague answered ("Answered elsewhere")',
      false,
      () => endedAfter('incoming', [ringing('incoming', 'support')], 'Answered elsewhere'),
    ],
    [
      '"answered elsewhere" in any case and spacing',
      false,
      () => endedAfter('incoming', [ringing()], ' ANSWERED elsewhere '),
    ],
    [
      "the user's own hang-up of a ringing call",
      false,
      () => endedAfter('incoming', [ringing(), { type: 'hangupRequested', uniqueId: '1' }], 'No user response'),
    ],
    ['answered, then ended', false, () => endedAfter('incoming', [ringing(), ev('answered')], 'hangup')],
    [
      'transferred before it ended',
      false,
      () => endedAfter('incoming', [ringing(), ev('attendedtransfer', { to: '445' })], 'transferred'),
    ],
    [
      'outgoing, unanswered, "No user response"',
      false,
      () => endedAfter('outgoing', [ringing('outgoing')], 'No user response'),
    ],
    ['internal outgoing, unanswered', false, () => endedAfter('outgoingLocal', [ringing('outgoingLocal')])],
    [
      'set up but never rang here, "No user response" (no recent call at all)',
      false,
      () =>
        endedAfter(
          'incoming',
          [ev('newcall', { from: '777888999', to: '444', direction: 'incoming' })],
          'No user response',
        ),
    ],
  ];

  it.each(cases)('%s → missed: %s', async (_name, isMissed, ended) => {
    const { missed } = newMissedCalls();
    missed.record(ended(), SETTINGS);
    await settle();
    expect(missed.unseen).toBe(isMissed ? 1 : 0);
    expect(shown() !== undefined).toBe(isMissed);
  });
});

describe('the notification', () => {
  const call = (uniqueId: string, number: string, endedAt: number): RecentCall => ({
    uniqueId,
    direction: 'incoming',
    number,
    startedAt: endedAt - 20_000,
    endedAt,
    answered: false,
    durationMs: 0,
    missed: true,
  });

  it('one missed call: "Missed call", the name when known or the number, and the time; Chrome\'s "Call back"', async () => {
    const at = new Date(2026, 0, 5, 14, 7).getTime();
    expect(missedText([call('1', '+420777888999', at)], SETTINGS, noName, 'en')).toEqual({
      title: 'Missed call',
      message: '777 888 999 at 02:07 PM',
      callBack: call('1', '+420777888999', at),
    });
    expect(missedText([call('1', '+420777888999', at)], SETTINGS, () => 'Jan Novák', 'cs')?.message).toBe(
      'Jan Novák at 14:07',
    );
    expect(missedText([call('1', 'anonymous', at)], SETTINGS, noName, 'en')).toMatchObject({
      message: 'Unknown caller at 02:07 PM',
      callBack: null,
    });
  });

  it('several coalesce: "3 missed calls" with the latest, and no button (which one would it call?)', () => {
    const calls = [call('3', '602123456', T0 + 3000), call('2', '603111222', T0 + 2000), call('1', '777888999', T0)];
    expect(missedText(calls, SETTINGS, noName, 'en')).toMatchObject({ title: '3 missed calls', callBack: null });
    expect(missedText(calls, SETTINGS, noName, 'en')?.message).toMatch(/^Latest: 602 123 456 at /);
    expect(missedText([], SETTINGS, noName, 'en')).toBeNull();
  });

  it('Czech plurals: 1 zmeškaný hovor, 3 zmeškané hovory, 5 zmeškaných hovorů', () => {
    const cs = csMessages as Record<string, { message: string }>;
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('cs');
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | (string | number)[]) =>
      (cs[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => String([subs].flat()[Number(n) - 1] ?? '')),
    );
    const many = (n: number) => Array.from({ length: n }, (_, i) => call(String(i), '777888999', T0 + i));
    expect(missedText(many(1), SETTINGS, noName, 'cs')?.title).toBe('Zmeškaný hovor');
    expect(missedText(many(2), SETTINGS, noName, 'cs')?.title).toBe('2 zmeškané hovory');
    expect(missedText(many(3), SETTINGS, noName, 'cs')?.title).toBe('3 zmeškané hovory');
    expect(missedText(many(5), SETTINGS, noName, 'cs')?.title).toBe('5 zmeškaných hovorů');
    expect(getMessage('missedCount_one', ['1'])).toBe('1 missed call');
  });

  it('one notification for all of them, updated as they come; none while notifications are off', async () => {
    const { missed } = newMissedCalls();
    missed.record([call('1', '777888999', T0)], SETTINGS);
    await settle();
    expect(shown()).toMatchObject({ title: 'Missed call', buttons: [{ title: 'Call back' }] });
    missed.record([call('2', '602123456', T0 + 1000)], SETTINGS);
    await settle();
    expect(Object.keys(fakeBrowser.notifications.getAllCreateOptions())).toEqual([MISSED_NOTIFICATION_ID]);
    expect(shown()).toMatchObject({ title: '2 missed calls' });
    expect(shown()?.buttons).toBeUndefined();

    fakeBrowser.reset();
    const quiet = newMissedCalls().missed;
    quiet.record([call('3', '777888999', T0)], migrateSettings({ notifications: false }));
    await settle();
    expect(shown()).toBeUndefined();
    expect(quiet.unseen).toBe(1);
  });
});

describe('unseen missed calls and the seen mark', () => {
  const entry = (uniqueId: string, endedAt: number, missed = true): RecentCall => ({
    uniqueId,
    direction: 'incoming',
    number: '777888999',
    startedAt: endedAt - 1000,
    endedAt,
    answered: false,
    durationMs: 0,
    missed,
  });

  it('are the missed calls that ended after the mark, from the history and not yet written, each once', () => {
    const stored = [entry('b', T0 + 2000), entry('a', T0 + 1000), entry('x', T0 + 500, false)];
    expect(
      unseenMissed(stored, [entry('c', T0 + 3000), entry('b', T0 + 2000)], T0 + 1000).map((c) => c.uniqueId),
    ).toEqual(['c', 'b']);
  });

  it('opening a panel marks them seen: count 0, notification gone, the mark kept for a restarted worker', async () => {
    await fakeBrowser.storage.local.set({ recentCalls: [entry('a', T0 + 1000)] });
    const { missed, changes } = newMissedCalls();
    await vi.waitFor(() => expect(missed.unseen).toBe(1));
    expect(changes).toHaveBeenCalled();
    missed.record([entry('b', T0 + 2000)], SETTINGS);
    await settle();
    expect(missed.unseen).toBe(2);
    expect(shown()).toMatchObject({ title: '2 missed calls' });

    await missed.markSeen();
    expect(missed.unseen).toBe(0);
    expect(shown()).toBeUndefined();
    expect((await fakeBrowser.storage.local.get('missedSeenAt')).missedSeenAt).toBeGreaterThanOrEqual(T0 + 60_000);

    // A new worker reads the history and the mark: nothing unseen; a call missed later counts again.
    const restarted = newMissedCalls().missed;
    await settle();
    expect(restarted.unseen).toBe(0);
    vi.setSystemTime(T0 + 120_000);
    await fakeBrowser.storage.local.set({ recentCalls: [entry('c', T0 + 100_000), entry('a', T0 + 1000)] });
    await vi.waitFor(() => expect(restarted.unseen).toBe(1));
  });

  it('seen while its notification was still being created: the notification does not outlive the calls', async () => {
    const { missed } = newMissedCalls();
    await settle();
    const create = browser.notifications.create;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first create waits for the gate, then does what the fake browser does (with the id and options given).
    vi.spyOn(browser.notifications, 'create').mockImplementationOnce(async (...args) => {
      await gate;
      return Reflect.apply(create, browser.notifications, args);
    });
    missed.record([entry('b', T0 + 2000)], SETTINGS);
    await settle();
    await missed.markSeen();
    release();
    await vi.waitFor(() => expect(browser.notifications.create).toHaveBeenCalled());
    await settle();
    await settle();
    expect(missed.unseen).toBe(0);
    expect(shown()).toBeUndefined();
  });

  it('clearing the history leaves nothing unseen', async () => {
    await fakeBrowser.storage.local.set({ recentCalls: [entry('a', T0 + 1000)] });
    const { missed } = newMissedCalls();
    await vi.waitFor(() => expect(missed.unseen).toBe(1));
    await fakeBrowser.storage.local.remove('recentCalls');
    await vi.waitFor(() => expect(missed.unseen).toBe(0));
  });
});

describe('"Call back" (Chrome)', () => {
  const one: RecentCall = {
    uniqueId: '1',
    direction: 'incoming',
    number: '+420777888999',
    startedAt: T0,
    endedAt: T0 + 1000,
    answered: false,
    durationMs: 0,
    missed: true,
  };

  it('calls the missed number back and marks it seen; other buttons and notifications do nothing', async () => {
    const { missed, callBack } = newMissedCalls();
    missed.record([one], SETTINGS);
    await settle();
    await missed.onButtonClicked('ipbx-call:1', CALL_BACK_BUTTON);
    await missed.onButtonClicked(MISSED_NOTIFICATION_ID, 1);
    expect(callBack).not.toHaveBeenCalled();
    await missed.onButtonClicked(MISSED_NOTIFICATION_ID, CALL_BACK_BUTTON);
    expect(callBack).toHaveBeenCalledWith('+420777888999');
    expect(missed.unseen).toBe(0);
  });

  it('a call back that fails says so in a notification, and the call stays unseen', async () => {
    const callBack = vi.fn(async () => {
      throw new Error('Not connected to the iPBX.');
    });
    const { missed } = newMissedCalls({ callBack });
    missed.record([one], SETTINGS);
    await settle();
    await missed.onButtonClicked(MISSED_NOTIFICATION_ID, CALL_BACK_BUTTON);
    expect(fakeBrowser.notifications.getAllCreateOptions()[`${MISSED_NOTIFICATION_ID}-failed`]).toMatchObject({
      title: 'Could not call back',
      message: 'Not connected to the iPBX.',
    });
    expect(missed.unseen).toBe(1);
  });

  it("dials like the panel: the dial rules (internal lines too), then originate; refusals in the user's words", async () => {
    const originate = vi.fn(async (_to: string) => ({}));
    await callBackNumber({ settings: SETTINGS, originate }, '+420777888999');
    await callBackNumber({ settings: SETTINGS, originate }, '445');
    expect(originate.mock.calls).toEqual([['777888999'], ['445']]);
    await expect(callBackNumber({ settings: SETTINGS, originate }, 'abc')).rejects.toThrow(
      'This is not a number that can be dialled.',
    );
    const refused = vi.fn(async () => {
      throw new RequestError('errNoSuchCall');
    });
    await expect(callBackNumber({ settings: SETTINGS, originate: refused }, '445')).rejects.toThrow(/call/i);
  });
});
