/**
 * The call reducer and the platform's newer events (issue 15 §2): NewCall, AttendedTransfer, Hangup reasons and
 * missed calls, the user's own hang-up, agent state per queue, and a storage format an earlier version can hand over.
 */
import { describe, expect, it } from 'vitest';
import { badgeFor } from '../../src/background/badge.ts';
import {
  callList,
  callReducer,
  EMPTY_CALL_STATE,
  encodeCallState,
  endingOf,
  MAX_ENDINGS,
  queueAgentStates,
  restoreCallState,
  shownCallCount,
  storedCallState,
  STALE_RINGING_MS,
  type CallAction,
  type CallState,
} from '../../src/background/call-reducer.ts';
import { MAX_QUEUES } from '../../src/background/agent-state.ts';
import { endedCalls } from '../../src/background/history.ts';
import { planNotifications } from '../../src/background/notifier.ts';
import { callsToPop } from '../../src/background/screen-pop.ts';
import type { AgentEvent, CallEvent, CallEventType } from '../../src/shared/protocol.ts';
import { migrateSettings } from '../../src/shared/settings.ts';

const T0 = 1_700_000_000_000;

const ev = (type: CallEventType, uniqueId: string, extra: Partial<CallEvent> = {}): CallEvent => ({
  event: 'call',
  type,
  uniqueId,
  ...extra,
});
const parties = (extra: Partial<CallEvent> = {}): Partial<CallEvent> => ({
  from: '777888999',
  to: '444',
  direction: 'incoming',
  ...extra,
});
const agent = (type: AgentEvent['type'], queue: string, extra: Partial<AgentEvent> = {}): AgentEvent => ({
  event: 'agent',
  type,
  queue,
  ...extra,
});

/** A reducer action among events, for run(). */
const act = (action: CallAction) => ({ action });

/** Applies events (stamped T0 + n seconds) and actions in order. */
function run(
  steps: (CallEvent | AgentEvent | { action: CallAction })[],
  start: CallState = EMPTY_CALL_STATE,
): CallState {
  return steps.reduce<CallState>(
    (s, a, i) => callReducer(s, 'action' in a ? a.action : { type: 'event', event: a, at: T0 + i * 1000 }),
    start,
  );
}

const POP_ON_RING = migrateSettings({
  screenPop: { enabled: true, urlTemplate: 'https://crm.example.com/?n={number}', when: 'ringing' },
});

describe('NewCall: known to the store, silent until it rings', () => {
  it('creates a call in state "new" that nothing shows, notifies, pops or counts', () => {
    const s = run([ev('newcall', '1', parties({ queue: 'support' }))]);
    expect(s.calls.get('1')).toEqual({
      uniqueId: '1',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      queue: 'support',
      state: 'new',
      startedAt: T0,
    });
    expect(callList(s)).toEqual([]);
    expect(shownCallCount(s)).toBe(0);
    expect(badgeFor({ state: 'connected', since: 0 }, shownCallCount(s)).text).toBe('');
    expect(planNotifications(EMPTY_CALL_STATE, s, true)).toEqual({ create: [], clear: [] });
    expect(callsToPop(EMPTY_CALL_STATE, s, POP_ON_RING)).toEqual([]);
  });

  it('rings like any call when its Ringing comes: it starts then, notifies once and pops once', () => {
    const setUp = run([ev('newcall', '1', parties())]);
    const rings = callReducer(setUp, {
      type: 'event',
      event: ev('ringing', '1', parties({ line: '444' })),
      at: T0 + 30_000,
    });
    expect(rings.calls.get('1')).toEqual({
      uniqueId: '1',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
      state: 'ringing',
      startedAt: T0 + 30_000,
    });
    expect(callList(rings).map((c) => c.uniqueId)).toEqual(['1']);
    expect(planNotifications(setUp, rings, true).create.map((c) => c.uniqueId)).toEqual(['1']);
    expect(callsToPop(setUp, rings, POP_ON_RING).map((c) => c.uniqueId)).toEqual(['1']);
    expect(callsToPop(EMPTY_CALL_STATE, rings, POP_ON_RING).map((c) => c.uniqueId)).toEqual(['1']);
  });

  it('takes the parties of the event that shows the call, but never a missing caller over a known one', () => {
    const setUp = run([ev('newcall', '1', { from: '777888999', to: '800', direction: 'incoming' })]);
    const rings = callReducer(setUp, {
      type: 'event',
      event: ev('ringing', '1', { from: '', to: '444', direction: 'incoming' }),
      at: T0 + 1,
    });
    expect(rings.calls.get('1')).toMatchObject({ from: '777888999', to: '444', state: 'ringing' });
  });

  it('an Answered without Ringing shows it answered; a NewCall after the Ringing, or twice, changes nothing', () => {
    const answered = run([ev('newcall', '1', parties()), ev('answered', '1')]);
    expect(answered.calls.get('1')).toMatchObject({ state: 'answered', startedAt: T0 + 1000, answeredAt: T0 + 1000 });
    const rings = run([ev('ringing', '1', parties())]);
    expect(callReducer(rings, { type: 'event', event: ev('newcall', '1', parties()), at: T0 + 5 })).toBe(rings);
    const setUp = run([ev('newcall', '2', parties())]);
    expect(callReducer(setUp, { type: 'event', event: ev('newcall', '2', parties()), at: T0 + 5 })).toBe(setUp);
  });

  it('a NewCall without parties, or after its Hangup, is ignored; a set-up call goes stale like a ringing one', () => {
    expect(run([ev('newcall', '1')])).toBe(EMPTY_CALL_STATE);
    const ended = run([ev('hangup', '1')]);
    expect(callReducer(ended, { type: 'event', event: ev('newcall', '1', parties()), at: T0 + 1 })).toBe(ended);
    const setUp = run([ev('newcall', '1', parties())]);
    expect(callReducer(setUp, { type: 'prune', now: T0 + STALE_RINGING_MS - 1 })).toBe(setUp);
    expect(callReducer(setUp, { type: 'prune', now: T0 + STALE_RINGING_MS }).calls.size).toBe(0);
  });

  it('a call that ends before it rang leaves no recent call and is not missed', () => {
    const setUp = run([ev('newcall', '1', parties())]);
    const gone = callReducer(setUp, { type: 'event', event: ev('hangup', '1'), at: T0 + 1 });
    expect(endedCalls(setUp, gone, T0 + 1)).toEqual([]);
    expect(endingOf(gone, '1')).toMatchObject({ missed: false, state: 'new' });
  });
});

describe('Hangup: the reason stays, and missed is derived', () => {
  const endWith = (before: (CallEvent | { action: CallAction })[], reason?: string) => {
    const prev = run(before);
    const next = callReducer(prev, {
      type: 'event',
      event: ev('hangup', '1', reason === undefined ? {} : { reason }),
      at: T0 + 60_000,
    });
    return { prev, next, ending: endingOf(next, '1') };
  };

  it('"No user response" on an incoming call that rang: missed, with its reason, in the recent calls too', () => {
    const { prev, next, ending } = endWith([ev('ringing', '1', parties())], 'No user response');
    expect(ending).toMatchObject({
      uniqueId: '1',
      reason: 'No user response',
      missed: true,
      endedAt: T0 + 60_000,
      state: 'ringing',
    });
    expect(endedCalls(prev, next, T0 + 60_000)).toEqual([
      {
        uniqueId: '1',
        direction: 'incoming',
        number: '777888999',
        startedAt: T0,
        endedAt: T0 + 60_000,
        answered: false,
        durationMs: 0,
        missed: true,
        reason: 'No user response',
      },
    ]);
  });

  it('an incoming call that rang and ended unanswered for any other reason (or none) is missed too', () => {
    expect(endWith([ev('ringing', '1', parties())]).ending).toMatchObject({ missed: true });
    expect(endWith([ev('ringing', '1', parties())]).ending?.reason).toBeUndefined();
    expect(endWith([ev('ringing', '1', parties())], 'caller hung up').ending).toMatchObject({
      missed: true,
      reason: 'caller hung up',
    });
  });

  it('"Answered elsewhere" (any case): a colleague took the queue call, neither missed nor an error', () => {
    expect(endWith([ev('ringing', '1', parties({ queue: 'support' }))], 'Answered elsewhere').ending).toMatchObject({
      missed: false,
      reason: 'Answered elsewhere',
    });
    expect(endWith([ev('ringing', '1', parties())], ' answered ELSEWHERE ').ending).toMatchObject({ missed: false });
  });

  it('the user’s own hang-up (hangupcall sent) is not missed', () => {
    const { ending } = endWith(
      [ev('ringing', '1', parties()), act({ type: 'hangupRequested', uniqueId: '1' })],
      'No user response',
    );
    expect(ending).toMatchObject({ missed: false, hangupRequested: true });
  });

  it('answered calls and outgoing calls are never missed; a call that never rang is missed only on "No user response"', () => {
    expect(endWith([ev('ringing', '1', parties()), ev('answered', '1')], 'No user response').ending).toMatchObject({
      missed: false,
    });
    expect(endWith([ev('ringing', '1', parties({ direction: 'outgoing' }))], 'No user response').ending).toMatchObject({
      missed: false,
    });
    expect(endWith([ev('ringing', '1', parties({ direction: 'incomingLocal' }))]).ending).toMatchObject({
      missed: true,
    });
    expect(endWith([ev('newcall', '1', parties())]).ending).toMatchObject({ missed: false });
    expect(endWith([ev('newcall', '1', parties())], 'No user response').ending).toMatchObject({ missed: true });
  });

  it(`keeps the last ${MAX_ENDINGS} endings, oldest first; a Hangup of an unknown call leaves none`, () => {
    const actions: CallEvent[] = [];
    for (let i = 0; i < MAX_ENDINGS + 3; i++) actions.push(ev('ringing', `c${i}`, parties()), ev('hangup', `c${i}`));
    const s = run(actions);
    expect(s.endings.map((e) => e.uniqueId)).toEqual(Array.from({ length: MAX_ENDINGS }, (_, i) => `c${i + 3}`));
    expect(run([ev('hangup', 'x', { reason: 'busy' })], s).endings).toBe(s.endings);
  });
});

describe('hangupRequested', () => {
  it('marks a known call once; an unknown or already marked call is the same state', () => {
    const s = run([ev('ringing', '1', parties())]);
    const marked = callReducer(s, { type: 'hangupRequested', uniqueId: '1' });
    expect(marked.calls.get('1')?.hangupRequested).toBe(true);
    expect(callReducer(marked, { type: 'hangupRequested', uniqueId: '1' })).toBe(marked);
    expect(callReducer(s, { type: 'hangupRequested', uniqueId: 'nope' })).toBe(s);
  });
});

describe('AttendedTransfer', () => {
  const consulting = () =>
    run([
      ev('ringing', '1', parties()),
      ev('answered', '1'),
      ev('ringing', '2', { from: '444', to: '445', direction: 'outgoingLocal' }),
    ]);

  it('records the outcome on the call: to whom (from the event or from the consultation call) and when', () => {
    const s = consulting();
    const withTo = callReducer(s, { type: 'event', event: ev('attendedtransfer', '1', { to: '446' }), at: T0 + 9_000 });
    expect(withTo.calls.get('1')?.transferred).toEqual({ to: '446', at: T0 + 9_000 });
    const fromConsultation = callReducer(s, {
      type: 'event',
      event: ev('attendedtransfer', '1', { targetUniqueId: '2' }),
      at: T0 + 9_000,
    });
    expect(fromConsultation.calls.get('1')?.transferred).toEqual({ to: '445', at: T0 + 9_000 });
    expect(fromConsultation.calls.get('2')).toBe(s.calls.get('2'));
    // Repeated: nothing changes.
    expect(
      callReducer(withTo, { type: 'event', event: ev('attendedtransfer', '1', { to: '446' }), at: T0 + 10_000 }),
    ).toBe(withTo);
  });

  it('the ended call keeps the outcome, whether the Hangup comes after it or before it; it is never missed', () => {
    const after = run([
      ev('ringing', '1', parties()),
      ev('attendedtransfer', '1', { to: '445' }),
      ev('hangup', '1', { reason: 'transferred' }),
    ]);
    expect(endingOf(after, '1')).toMatchObject({
      transferred: { to: '445', at: T0 + 1000 },
      missed: false,
      reason: 'transferred',
    });
    const before = run([ev('ringing', '1', parties()), ev('hangup', '1'), ev('attendedtransfer', '1', { to: '445' })]);
    expect(endingOf(before, '1')).toMatchObject({ transferred: { to: '445', at: T0 + 2000 }, missed: false });
    expect(before.calls.size).toBe(0);
  });

  it('never creates a call', () => {
    expect(run([ev('attendedtransfer', '9', parties())])).toBe(EMPTY_CALL_STATE);
  });
});

describe('agent state per queue', () => {
  it('login, pause with its name, unpause, logout: one entry per queue, readable as a list by queue name', () => {
    let s = run([agent('login', 'support'), agent('login', 'sales')]);
    expect(queueAgentStates(s)).toEqual([
      { queue: 'sales', state: 'loggedIn', since: T0 + 1000 },
      { queue: 'support', state: 'loggedIn', since: T0 },
    ]);
    s = callReducer(s, { type: 'event', event: agent('paused', 'support', { pauseName: 'Oběd' }), at: T0 + 5_000 });
    expect(s.agents.get('support')).toEqual({
      queue: 'support',
      state: 'paused',
      pauseName: 'Oběd',
      since: T0 + 5_000,
    });
    s = callReducer(s, { type: 'event', event: agent('unpaused', 'support'), at: T0 + 6_000 });
    expect(s.agents.get('support')).toEqual({ queue: 'support', state: 'loggedIn', since: T0 + 6_000 });
    s = callReducer(s, { type: 'event', event: agent('logout', 'sales'), at: T0 + 7_000 });
    expect(s.agents.get('sales')).toEqual({ queue: 'sales', state: 'loggedOut', since: T0 + 7_000 });
    // Agent events leave the calls alone.
    expect(s.calls).toBe(EMPTY_CALL_STATE.calls);
  });

  it('a repeated event changes nothing (the since stays); another pause name is a change', () => {
    const s = run([agent('paused', 'support', { pauseName: 'Oběd' })]);
    expect(
      callReducer(s, { type: 'event', event: agent('paused', 'support', { pauseName: 'Oběd' }), at: T0 + 1 }),
    ).toBe(s);
    expect(
      callReducer(s, {
        type: 'event',
        event: agent('paused', 'support', { pauseName: 'Porada' }),
        at: T0 + 1,
      }).agents.get('support')?.pauseName,
    ).toBe('Porada');
  });

  it(`remembers at most ${MAX_QUEUES} queues, forgetting the one heard of longest ago`, () => {
    const s = run(Array.from({ length: MAX_QUEUES + 2 }, (_, i) => agent('login', `q${i}`)));
    expect(s.agents.size).toBe(MAX_QUEUES);
    expect(s.agents.has('q0')).toBe(false);
    expect(s.agents.has('q1')).toBe(false);
    expect(s.agents.has(`q${MAX_QUEUES + 1}`)).toBe(true);
  });
});

describe('storage.session: both ways compatible', () => {
  it('a state of the earlier format (calls and tombstones only, object or string) restores as it was', () => {
    const old = {
      calls: { a: { uniqueId: 'a', from: '1', to: '444', direction: 'incoming', state: 'ringing', startedAt: T0 } },
      ended: { z: T0 - 5 },
    };
    for (const stored of [old, JSON.stringify(old)]) {
      const s = restoreCallState(stored);
      expect([...s.calls.keys()]).toEqual(['a']);
      expect([...s.ended]).toEqual([['z', T0 - 5]]);
      expect(s.endings).toEqual([]);
      expect(s.agents.size).toBe(0);
      // Saved again, it is still in that format.
      expect(storedCallState(s)).toEqual(old);
    }
  });

  it('a state with set-up calls, outcomes, endings and agents round-trips', () => {
    const s = run([
      ev('newcall', 'n', parties()),
      ev('ringing', 'r', parties()),
      act({ type: 'hangupRequested', uniqueId: 'r' }),
      ev('ringing', 't', parties()),
      ev('attendedtransfer', 't', { to: '445' }),
      ev('ringing', 'm', parties()),
      ev('hangup', 'm', { reason: 'No user response' }),
      agent('paused', 'support', { pauseName: 'Oběd' }),
    ]);
    expect(restoreCallState(encodeCallState(s))).toEqual(s);
    expect(restoreCallState(JSON.parse(JSON.stringify(storedCallState(s))))).toEqual(s);
  });

  it('leaves out malformed endings, agents and newer call fields', () => {
    const good = run([ev('ringing', 'm', parties()), ev('hangup', 'm')]).endings[0];
    const restored = restoreCallState({
      calls: {
        a: { uniqueId: 'a', from: '1', to: '2', direction: 'incoming', state: 'new', startedAt: 1 },
        b: {
          uniqueId: 'b',
          from: '1',
          to: '2',
          direction: 'incoming',
          state: 'ringing',
          startedAt: 1,
          hangupRequested: 'yes',
        },
        c: {
          uniqueId: 'c',
          from: '1',
          to: '2',
          direction: 'incoming',
          state: 'ringing',
          startedAt: 1,
          transferred: { to: 5 },
        },
        d: { uniqueId: 'd', from: '1', to: '2', direction: 'incoming', state: 'gone', startedAt: 1 },
      },
      ended: {},
      endings: [good, { ...good, missed: 'no' }, { ...good, endedAt: null }, 'x', null],
      agents: {
        support: { queue: 'support', state: 'paused', pauseName: 'Oběd', since: 1 },
        sales: { queue: 'other', state: 'loggedIn', since: 1 },
        x: { queue: 'x', state: 'asleep', since: 1 },
        y: { queue: 'y', state: 'loggedIn', pauseName: 'p', since: 1 },
      },
    });
    expect([...restored.calls.keys()]).toEqual(['a']);
    expect(restored.endings).toEqual([good]);
    expect([...restored.agents.keys()]).toEqual(['support']);
    expect(restoreCallState({ calls: {}, ended: {}, endings: 'many', agents: [] }).endings).toEqual([]);
  });
});
