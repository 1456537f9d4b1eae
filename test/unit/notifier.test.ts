import { afterEach, describe, it, expect, vi, beforeEach, type Mock } from 'vitest';
import browser from 'webextension-polyfill';
import { fakeBrowser } from '@webext-core/fake-browser';
import {
  callIdOfNotification,
  FLOOD_INDIVIDUAL,
  FLOOD_WINDOW_MS,
  notificationId,
  notificationText,
  Notifier,
  planNotifications,
  SUMMARY_ID,
  SUMMARY_LINGER_MS,
} from '../../src/background/notifier.ts';
import {
  callReducer,
  EMPTY_CALL_STATE,
  restoreCallState,
  storedCallState,
  type CallState,
} from '../../src/background/call-reducer.ts';
import type { Call } from '../../src/shared/calls.ts';
import type { Logger } from '../../src/shared/log.ts';
import { decodeFrame, type CallEvent, type Direction } from '../../src/shared/protocol.ts';
import { migrateSettings, type Settings } from '../../src/shared/settings.ts';
import { NOTIFICATION_ICON } from '../../src/shared/manifest-names.ts';

const T0 = 1_700_000_000_000;

function apply(state: CallState, event: CallEvent, at = T0): CallState {
  return callReducer(state, { type: 'event', event, at });
}

function ringing(uniqueId: string, direction: Direction = 'incoming', extra: Partial<CallEvent> = {}): CallEvent {
  return { event: 'call', type: 'ringing', uniqueId, from: '+420777888999', to: '444', direction, ...extra };
}

function call(overrides: Partial<Call> = {}): Call {
  return {
    uniqueId: '1',
    from: '+420777888999',
    to: '444',
    direction: 'incoming',
    state: 'ringing',
    startedAt: T0,
    ...overrides,
  };
}

const SETTINGS: Settings = migrateSettings({ defaultCountry: 'CZ' });

function silentLogger(): Logger & { warn: Mock<(message: string) => void> } {
  const fn = () => vi.fn<(message: string) => void>();
  return { debug: fn(), info: fn(), warn: fn(), error: fn() };
}

/** Lets the fake browser's promises settle. */
async function tick(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('notificationId', () => {
  it('round-trips a call id and rejects foreign ids', () => {
    expect(notificationId('1412256225.1940')).toBe('ipbx-call:1412256225.1940');
    expect(callIdOfNotification(notificationId('1412256225.1940'))).toBe('1412256225.1940');
    expect(callIdOfNotification('something-else')).toBeNull();
  });
});

describe('planNotifications', () => {
  it('creates one for a new incoming ringing call', () => {
    const next = apply(EMPTY_CALL_STATE, ringing('1'));
    const plan = planNotifications(EMPTY_CALL_STATE, next, true);
    expect(plan.create.map((c) => c.uniqueId)).toEqual(['1']);
    expect(plan.clear).toEqual([]);
  });

  it('creates one for a new internal (incomingLocal) ringing call', () => {
    const next = apply(EMPTY_CALL_STATE, ringing('1', 'incomingLocal'));
    expect(planNotifications(EMPTY_CALL_STATE, next, true).create.map((c) => c.uniqueId)).toEqual(['1']);
  });

  it.each(['outgoing', 'outgoingLocal'] as const)('creates none for a %s call', (direction) => {
    const next = apply(EMPTY_CALL_STATE, ringing('1', direction));
    expect(planNotifications(EMPTY_CALL_STATE, next, true)).toEqual({ create: [], clear: [] });
  });

  it('creates none for a call first seen answered', () => {
    const next = apply(EMPTY_CALL_STATE, {
      event: 'call',
      type: 'answered',
      uniqueId: '1',
      from: '1',
      to: '2',
      direction: 'incoming',
    });
    expect(planNotifications(EMPTY_CALL_STATE, next, true)).toEqual({ create: [], clear: [] });
  });

  it('creates none when notifications are disabled', () => {
    const next = apply(EMPTY_CALL_STATE, ringing('1'));
    expect(planNotifications(EMPTY_CALL_STATE, next, false).create).toEqual([]);
  });

  it('clears when the call is answered', () => {
    const prev = apply(EMPTY_CALL_STATE, ringing('1'));
    const next = apply(prev, { event: 'call', type: 'answered', uniqueId: '1' });
    expect(planNotifications(prev, next, true)).toEqual({ create: [], clear: ['1'] });
  });

  it('clears when the call is hung up, even with notifications disabled', () => {
    const prev = apply(EMPTY_CALL_STATE, ringing('1'));
    const next = apply(prev, { event: 'call', type: 'hangup', uniqueId: '1' });
    expect(planNotifications(prev, next, true)).toEqual({ create: [], clear: ['1'] });
    expect(planNotifications(prev, next, false)).toEqual({ create: [], clear: ['1'] });
  });

  it('does not create a duplicate when a ringing call is updated', () => {
    const prev = apply(EMPTY_CALL_STATE, ringing('1'));
    const next = apply(prev, ringing('1', 'incoming', { queue: 'support' }));
    expect(next).not.toBe(prev);
    expect(planNotifications(prev, next, true)).toEqual({ create: [], clear: [] });
  });

  it('a restored state (the same on both sides) raises nothing new', () => {
    const live = apply(apply(EMPTY_CALL_STATE, ringing('1')), ringing('2', 'incomingLocal'));
    const restored = restoreCallState(JSON.parse(JSON.stringify(storedCallState(live))));
    expect(planNotifications(restored, restored, true)).toEqual({ create: [], clear: [] });
    expect(planNotifications(live, restored, true)).toEqual({ create: [], clear: [] });
  });

  it('handles several calls at once', () => {
    const prev = apply(apply(EMPTY_CALL_STATE, ringing('1')), ringing('2'));
    let next = apply(prev, { event: 'call', type: 'hangup', uniqueId: '1' });
    next = apply(next, ringing('3'));
    next = apply(next, ringing('4', 'outgoing'));
    const plan = planNotifications(prev, next, true);
    expect(plan.create.map((c) => c.uniqueId)).toEqual(['3']);
    expect(plan.clear).toEqual(['1']);
  });
});

describe('notificationText', () => {
  it('formats a number of the default country nationally', () => {
    expect(notificationText(call({ from: '+420777888999' }), SETTINGS)).toEqual({
      title: 'Incoming call',
      message: '777 888 999',
      contextMessage: '',
    });
    expect(notificationText(call({ from: '777888999' }), SETTINGS).message).toBe('777 888 999');
  });

  it('formats a foreign number internationally', () => {
    expect(notificationText(call({ from: '+442079460000' }), SETTINGS).message).toBe('+44 20 7946 0000');
    expect(notificationText(call({ from: '+420777888999' }), { ...SETTINGS, defaultCountry: 'SK' }).message).toBe(
      '+420 777 888 999',
    );
  });

  it('shows an internal extension exactly as sent', () => {
    const text = notificationText(call({ from: '445', direction: 'incomingLocal' }), SETTINGS);
    expect(text).toEqual({ title: 'Internal call', message: '445', contextMessage: '' });
  });

  it.each(['', '  ', 'anonymous', 'Anonymous', 'UNKNOWN', 'restricted'])(
    'shows an anonymous caller (%j) as text',
    (from) => {
      expect(notificationText(call({ from }), SETTINGS).message).toBe('Unknown caller');
    },
  );

  it('puts line and queue in the context', () => {
    expect(notificationText(call({ line: '444' }), SETTINGS).contextMessage).toBe('Line 444');
    expect(notificationText(call({ queue: 'support' }), SETTINGS).contextMessage).toBe('Queue support');
    expect(notificationText(call({ line: '444', queue: 'support' }), SETTINGS).contextMessage).toBe(
      'Line 444 · Queue support',
    );
  });
});

describe('Notifier.apply (fake browser)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('shows exactly one notification per ringing incoming call and clears it after the hangup', async () => {
    const notifier = new Notifier(browser, silentLogger());
    const s1 = apply(EMPTY_CALL_STATE, ringing('1412256225.1940', 'incoming', { line: '444' }));
    notifier.apply(EMPTY_CALL_STATE, s1, SETTINGS);
    await tick();
    expect(await fakeBrowser.notifications.getAll()).toEqual({ [notificationId('1412256225.1940')]: true });

    const options = fakeBrowser.notifications.getAllCreateOptions()[notificationId('1412256225.1940')];
    expect(options).toMatchObject({
      type: 'basic',
      title: 'Incoming call',
      message: '777 888 999',
      contextMessage: 'Line 444',
      iconUrl: fakeBrowser.runtime.getURL(NOTIFICATION_ICON),
      // __BROWSER__ is 'chrome' in the unit project: a Hang up button, and the notification stays.
      requireInteraction: true,
      buttons: [{ title: 'Hang up' }],
    });

    // An update of the same ringing call raises nothing new.
    const s2 = apply(s1, ringing('1412256225.1940', 'incoming', { queue: 'q' }));
    notifier.apply(s1, s2, SETTINGS);
    const s3 = apply(s2, ringing('2', 'outgoing'));
    notifier.apply(s2, s3, SETTINGS);
    await tick();
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([notificationId('1412256225.1940')]);

    const s4 = apply(s3, { event: 'call', type: 'hangup', uniqueId: '1412256225.1940' });
    notifier.apply(s3, s4, SETTINGS);
    await tick();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('keeps one notification per call when several ring', async () => {
    const notifier = new Notifier(browser, silentLogger());
    const s1 = apply(apply(EMPTY_CALL_STATE, ringing('a')), ringing('b', 'incomingLocal', { from: '445' }));
    notifier.apply(EMPTY_CALL_STATE, s1, SETTINGS);
    await tick();
    expect(Object.keys(await fakeBrowser.notifications.getAll()).sort()).toEqual([
      notificationId('a'),
      notificationId('b'),
    ]);
    expect(fakeBrowser.notifications.getAllCreateOptions()[notificationId('b')]).toMatchObject({
      title: 'Internal call',
      message: '445',
    });

    const s2 = apply(s1, { event: 'call', type: 'answered', uniqueId: 'a' });
    notifier.apply(s1, s2, SETTINGS);
    await tick();
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([notificationId('b')]);
  });

  it('shows nothing when notifications are off', async () => {
    const notifier = new Notifier(browser, silentLogger());
    notifier.apply(EMPTY_CALL_STATE, apply(EMPTY_CALL_STATE, ringing('1')), { ...SETTINGS, notifications: false });
    await tick();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('logs (and survives) a failed create', async () => {
    const log = silentLogger();
    const spy = vi.spyOn(fakeBrowser.notifications, 'create').mockRejectedValueOnce(new Error('no permission'));
    try {
      const notifier = new Notifier(browser, log);
      notifier.apply(EMPTY_CALL_STATE, apply(EMPTY_CALL_STATE, ringing('1')), SETTINGS);
      await tick();
      expect(log.warn).toHaveBeenCalledWith('notification failed: no permission');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a flood of ringing calls', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('becomes one summary notification, and individual ones again once nothing rings for a while', async () => {
    vi.useFakeTimers();
    fakeBrowser.reset();
    let clock = T0;
    const notifier = new Notifier(
      fakeBrowser as unknown as import('webextension-polyfill').Browser,
      { debug() {}, info() {}, warn() {}, error() {} },
      () => clock,
    );
    const settings = migrateSettings({});
    let state: CallState = EMPTY_CALL_STATE;
    const ring = (id: string) => {
      const prev = state;
      state = callReducer(state, {
        type: 'event',
        event: {
          event: 'call',
          type: 'ringing',
          uniqueId: id,
          from: `77788${id.padStart(4, '0')}`,
          to: '444',
          direction: 'incoming',
        },
        at: 1,
      });
      notifier.apply(prev, state, settings);
    };
    const hangup = (id: string) => {
      const prev = state;
      state = callReducer(state, { type: 'event', event: { event: 'call', type: 'hangup', uniqueId: id }, at: 2 });
      notifier.apply(prev, state, settings);
    };
    for (let i = 1; i <= 3; i++) ring(String(i));
    await vi.advanceTimersByTimeAsync(10);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(3);
    for (let i = 4; i <= 50; i++) ring(String(i));
    await vi.advanceTimersByTimeAsync(10);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([SUMMARY_ID]);
    await vi.advanceTimersByTimeAsync(500);
    expect(fakeBrowser.notifications.getAllCreateOptions()[SUMMARY_ID]).toMatchObject({
      message: '50 calls are ringing',
    });
    // Changes of the count update the one summary in place (at most every 500 ms).
    for (let i = 1; i <= 10; i++) hangup(String(i));
    await vi.advanceTimersByTimeAsync(500);
    expect(fakeBrowser.notifications.getAllCreateOptions()[SUMMARY_ID]).toMatchObject({
      message: '40 calls are ringing',
    });
    for (let i = 11; i <= 50; i++) hangup(String(i));
    await vi.advanceTimersByTimeAsync(SUMMARY_LINGER_MS);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
    clock += FLOOD_WINDOW_MS;
    ring('60');
    await vi.advanceTimersByTimeAsync(10);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([notificationId('60')]);
  });
});

describe('an anonymous caller from the wire', () => {
  it('a Ringing with "from": null becomes a call whose notification says "Unknown caller"', () => {
    const decoded = decodeFrame(
      '{"event":"Ringing","from":null,"to":"444","uniqueId":1412256225.1940,"direction":"incoming","queue":"support"}',
    );
    if (!decoded.ok || decoded.event.event !== 'call') throw new Error('not decoded as a call');
    const next = apply(EMPTY_CALL_STATE, decoded.event);
    const plan = planNotifications(EMPTY_CALL_STATE, next, true);
    expect(plan.create.map((c) => c.uniqueId)).toEqual(['1412256225.1940']);
    expect(notificationText(plan.create[0]!, SETTINGS)).toEqual({
      title: 'Incoming call',
      message: 'Unknown caller',
      contextMessage: 'Queue support',
    });
  });
});

describe('calls ringing one after another faster than a person can read', () => {
  let clock = T0;
  let state: CallState;
  let notifier: Notifier;
  const open = async (): Promise<string[]> => {
    await vi.advanceTimersByTimeAsync(0);
    return Object.keys(await fakeBrowser.notifications.getAll()).sort();
  };
  /** One call rings and is answered before the next one rings. */
  const ringAndAnswer = (id: string): void => {
    const s0 = state;
    state = apply(state, ringing(id));
    notifier.apply(s0, state, SETTINGS);
    const s1 = state;
    state = apply(state, { event: 'call', type: 'answered', uniqueId: id });
    notifier.apply(s1, state, SETTINGS);
  };
  const ringOnly = (id: string): void => {
    const s0 = state;
    state = apply(state, ringing(id));
    notifier.apply(s0, state, SETTINGS);
  };
  const answer = (id: string): void => {
    const s0 = state;
    state = apply(state, { event: 'call', type: 'answered', uniqueId: id });
    notifier.apply(s0, state, SETTINGS);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    fakeBrowser.reset();
    clock = T0;
    state = EMPTY_CALL_STATE;
    notifier = new Notifier(browser, silentLogger(), () => clock);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`after ${FLOOD_INDIVIDUAL} individual notifications in ${FLOOD_WINDOW_MS / 1000} s, the next ring shows the summary`, async () => {
    for (let i = 1; i <= FLOOD_INDIVIDUAL; i++) ringAndAnswer(`r${i}`);
    const created = () => Object.keys(fakeBrowser.notifications.getAllCreateOptions());
    expect(await open()).toEqual([]);
    ringOnly('r7');
    expect(await open()).toEqual([SUMMARY_ID]);
    expect(fakeBrowser.notifications.getAllCreateOptions()[SUMMARY_ID]).toMatchObject({ message: '1 call is ringing' });
    expect(created()).not.toContain(notificationId('r7'));

    // It ends: the summary stays a moment (no flicker if the next ring follows), then goes.
    answer('r7');
    expect(await open()).toEqual([SUMMARY_ID]);
    await vi.advanceTimersByTimeAsync(SUMMARY_LINGER_MS);
    expect(await open()).toEqual([]);
  });

  it('a ring during the linger keeps the one summary; once the window is quiet, rings get their own again', async () => {
    for (let i = 1; i <= FLOOD_INDIVIDUAL; i++) ringAndAnswer(`r${i}`);
    ringOnly('r7');
    answer('r7');
    await vi.advanceTimersByTimeAsync(SUMMARY_LINGER_MS / 2);
    ringOnly('r8');
    expect(await open()).toEqual([SUMMARY_ID]);
    answer('r8');
    await vi.advanceTimersByTimeAsync(SUMMARY_LINGER_MS);
    expect(await open()).toEqual([]);

    clock += FLOOD_WINDOW_MS + 1;
    ringOnly('r9');
    expect(await open()).toEqual([notificationId('r9')]);
  });
});
