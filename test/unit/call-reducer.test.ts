import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  callList,
  callReducer,
  EMPTY_CALL_STATE,
  MAX_TOMBSTONES,
  encodeCallState,
  restoreCallState,
  storedCallState,
  STALE_ANSWERED_MS,
  STALE_RINGING_MS,
  TOMBSTONE_TTL_MS,
  type CallState,
} from '../../src/background/call-reducer.ts';
import { Tombstones } from '../../src/background/tombstones.ts';
import type { CallEvent, CallEventType } from '../../src/shared/protocol.ts';

const T0 = 1_700_000_000_000;

function ev(type: CallEventType, uniqueId: string, extra: Partial<CallEvent> = {}): CallEvent {
  return { event: 'call', type, uniqueId, ...extra };
}

function ringing(uniqueId: string, extra: Partial<CallEvent> = {}): CallEvent {
  return ev('ringing', uniqueId, { from: '777888999', to: '444', direction: 'incoming', ...extra });
}

/** Applies events in order, the n-th at T0 + n seconds. */
function run(events: CallEvent[], start: CallState = EMPTY_CALL_STATE, at = T0): CallState {
  return events.reduce((s, e, i) => callReducer(s, { type: 'event', event: e, at: at + i * 1000 }), start);
}

describe('callReducer: a call’s life', () => {
  it('ringing → answered → hangup', () => {
    const s1 = callReducer(EMPTY_CALL_STATE, { type: 'event', event: ringing('1', { line: '444' }), at: T0 });
    expect(s1.calls.get('1')).toEqual({
      uniqueId: '1',
      from: '777888999',
      to: '444',
      direction: 'incoming',
      line: '444',
      state: 'ringing',
      startedAt: T0,
    });

    const s2 = callReducer(s1, { type: 'event', event: ev('answered', '1'), at: T0 + 5_000 });
    expect(s2.calls.get('1')).toMatchObject({ state: 'answered', startedAt: T0, answeredAt: T0 + 5_000 });

    const s3 = callReducer(s2, { type: 'event', event: ev('hangup', '1'), at: T0 + 60_000 });
    expect(s3.calls).toEqual(new Map());
    expect([...s3.ended]).toEqual([['1', T0 + 60_000]]);
  });

  it('does not mutate the previous state', () => {
    const s1 = run([ringing('1')]);
    const snapshot = structuredClone(storedCallState(s1));
    run([ev('answered', '1'), ev('hangup', '1')], s1);
    expect(storedCallState(s1)).toEqual(snapshot);
    expect(storedCallState(EMPTY_CALL_STATE)).toEqual({ calls: {}, ended: {} });
  });

  it('a Hangup before its Ringing leaves no ghost; the late Ringing and Answered are ignored', () => {
    const s1 = run([ev('hangup', '1')]);
    expect(s1.calls).toEqual(new Map());
    expect(s1.ended.get('1')).toBe(T0);
    const s2 = callReducer(s1, { type: 'event', event: ringing('1'), at: T0 + 1 });
    expect(s2).toBe(s1);
    const s3 = callReducer(s2, {
      type: 'event',
      event: ev('answered', '1', { from: '1', to: '2', direction: 'outgoing' }),
      at: T0 + 2,
    });
    expect(s3).toBe(s1);
  });

  it('duplicate Ringing and Answered return the very same state object', () => {
    const s1 = run([ringing('1', { line: '444' })]);
    expect(callReducer(s1, { type: 'event', event: ringing('1', { line: '444' }), at: T0 + 10 })).toBe(s1);
    const s2 = callReducer(s1, { type: 'event', event: ev('answered', '1'), at: T0 + 20 });
    expect(callReducer(s2, { type: 'event', event: ev('answered', '1'), at: T0 + 30 })).toBe(s2);
    expect(callReducer(s2, { type: 'event', event: ringing('1'), at: T0 + 40 })).toBe(s2);
  });

  it('a duplicate Hangup keeps the call gone and leaves one tombstone', () => {
    const s1 = run([ringing('1'), ev('hangup', '1')]);
    const s2 = callReducer(s1, { type: 'event', event: ev('hangup', '1'), at: T0 + 1000 });
    expect(s2).toEqual(s1);
    expect([...s2.ended.keys()]).toEqual(['1']);
  });

  it('Answered without a Ringing creates an answered call when it names the parties', () => {
    const s = run([ev('answered', '7', { from: '444', to: '777888999', direction: 'outgoing', queue: 'sales' })]);
    expect(s.calls.get('7')).toEqual({
      uniqueId: '7',
      from: '444',
      to: '777888999',
      direction: 'outgoing',
      queue: 'sales',
      state: 'answered',
      startedAt: T0,
      answeredAt: T0,
    });
  });

  it('Answered without a Ringing and without parties is ignored (same state)', () => {
    expect(callReducer(EMPTY_CALL_STATE, { type: 'event', event: ev('answered', '7'), at: T0 })).toBe(EMPTY_CALL_STATE);
    const partial = ev('answered', '7', { from: '444', to: '555' }); // no direction
    expect(callReducer(EMPTY_CALL_STATE, { type: 'event', event: partial, at: T0 })).toBe(EMPTY_CALL_STATE);
  });

  it('an answered call never goes back to ringing', () => {
    const s = run([ringing('1'), ev('answered', '1'), ringing('1')]);
    expect(s.calls.get('1')?.state).toBe('answered');
    expect(s.calls.get('1')?.answeredAt).toBe(T0 + 1000);
  });

  it('a second Answered does not move answeredAt', () => {
    const s = run([ringing('1'), ev('answered', '1'), ev('answered', '1', { line: '445' })]);
    expect(s.calls.get('1')).toMatchObject({ state: 'answered', answeredAt: T0 + 1000, line: '445' });
  });

  it('later events fill in line and queue without changing the parties', () => {
    const s = run([ringing('1'), ev('answered', '1', { line: '444', queue: 'support', from: 'other', to: 'other' })]);
    expect(s.calls.get('1')).toMatchObject({
      from: '777888999',
      to: '444',
      line: '444',
      queue: 'support',
      state: 'answered',
    });
    const s2 = run([ringing('2'), ringing('2', { queue: 'sales' })]);
    expect(s2.calls.get('2')).toMatchObject({ state: 'ringing', queue: 'sales' });
  });

  it('keeps independent calls apart', () => {
    const s = run([
      ringing('1'),
      ringing('2', { direction: 'outgoingLocal', from: '444', to: '445' }),
      ev('hangup', '1'),
    ]);
    expect([...s.calls.keys()]).toEqual(['2']);
    expect(s.calls.get('2')?.direction).toBe('outgoingLocal');
  });
});

describe('callReducer: prune', () => {
  it('drops tombstones older than TOMBSTONE_TTL_MS and keeps younger ones', () => {
    const s = run([ev('hangup', 'old')], EMPTY_CALL_STATE, T0);
    const s2 = callReducer(s, { type: 'event', event: ev('hangup', 'new'), at: T0 + TOMBSTONE_TTL_MS });
    const pruned = callReducer(s2, { type: 'prune', now: T0 + TOMBSTONE_TTL_MS + 1 });
    expect([...pruned.ended]).toEqual([['new', T0 + TOMBSTONE_TTL_MS]]);
    // A forgotten tombstone lets the id be used again.
    const again = callReducer(pruned, { type: 'event', event: ringing('old'), at: T0 + TOMBSTONE_TTL_MS + 2 });
    expect(again.calls.get('old')?.state).toBe('ringing');
  });

  it('drops a ringing call older than STALE_RINGING_MS only', () => {
    const s = run([ringing('1')]);
    expect(callReducer(s, { type: 'prune', now: T0 + STALE_RINGING_MS - 1 }).calls.get('1')).toBeDefined();
    expect(callReducer(s, { type: 'prune', now: T0 + STALE_RINGING_MS }).calls.get('1')).toBeUndefined();
  });

  it('drops an answered call STALE_ANSWERED_MS after it was answered, not after it started ringing', () => {
    const answeredAt = T0 + 5 * 60_000;
    const s1 = run([ringing('1')]);
    const s = callReducer(s1, { type: 'event', event: ev('answered', '1'), at: answeredAt });
    expect(callReducer(s, { type: 'prune', now: T0 + STALE_RINGING_MS * 2 }).calls.get('1')).toBeDefined();
    expect(callReducer(s, { type: 'prune', now: answeredAt + STALE_ANSWERED_MS - 1 }).calls.get('1')).toBeDefined();
    expect(callReducer(s, { type: 'prune', now: answeredAt + STALE_ANSWERED_MS }).calls.get('1')).toBeUndefined();
  });

  it('keeps fresh calls and tombstones untouched', () => {
    const s = run([ringing('1'), ev('hangup', '2')]);
    const pruned = callReducer(s, { type: 'prune', now: T0 + 2_000 });
    expect(pruned).toEqual(s);
  });
});

describe('callReducer: tombstone cap', () => {
  it(`keeps at most MAX_TOMBSTONES (${MAX_TOMBSTONES}), the newest ones`, () => {
    // Start from a full set (restored, which is quick), then end five more calls.
    const full: Record<string, number> = {};
    for (let i = 0; i < MAX_TOMBSTONES; i++) full[`c${i}`] = T0 + i;
    let s: CallState = restoreCallState({ calls: {}, ended: full });
    expect([...s.ended.keys()]).toHaveLength(MAX_TOMBSTONES);
    const total = MAX_TOMBSTONES + 5;
    for (let i = MAX_TOMBSTONES; i < total; i++)
      s = callReducer(s, { type: 'event', event: ev('hangup', `c${i}`), at: T0 + i });
    const ids = [...s.ended.keys()];
    expect(ids).toHaveLength(MAX_TOMBSTONES);
    for (let i = 0; i < 5; i++) expect(s.ended.get(`c${i}`)).toBeUndefined();
    expect(s.ended.get(`c${total - 1}`)).toBe(T0 + total - 1);
    expect(s.ended.get('c5')).toBe(T0 + 5);
  });

  it('keeps the newest tombstones after a restore whose insertion order is not time order', () => {
    const ended: Record<string, number> = {};
    // Newest first in insertion order: the oldest ones come last.
    for (let i = MAX_TOMBSTONES - 1; i >= 0; i--) ended[`c${i}`] = T0 + i;
    const restored = restoreCallState({ calls: {}, ended });
    const s = callReducer(restored, { type: 'event', event: ev('hangup', 'latest'), at: T0 + MAX_TOMBSTONES });
    expect([...s.ended.keys()]).toHaveLength(MAX_TOMBSTONES);
    expect(s.ended.get('latest')).toBe(T0 + MAX_TOMBSTONES);
    expect(s.ended.get('c0')).toBeUndefined();
    expect(s.ended.get('c1')).toBe(T0 + 1);
  });
});

describe('restoreCallState', () => {
  it.each([
    undefined,
    null,
    42,
    'state',
    true,
    [],
    {},
    { calls: {} },
    { ended: {} },
    { calls: null, ended: {} },
    { calls: 'x', ended: {} },
  ])('turns %j into the empty state', (stored) => {
    expect(storedCallState(restoreCallState(stored))).toEqual({ calls: {}, ended: {} });
  });

  it('restores a valid state', () => {
    const s = run([ringing('1'), ringing('2'), ev('answered', '2'), ev('hangup', '3')]);
    const restored = restoreCallState(JSON.parse(JSON.stringify(storedCallState(s))));
    expect(restored).toEqual(s);
  });

  it('restores what encodeCallState stored (one JSON string), and the object an earlier version stored', () => {
    const s = run([ringing('1'), ringing('2'), ev('answered', '2'), ev('hangup', '3')]);
    const encoded = encodeCallState(s);
    expect(typeof encoded).toBe('string');
    expect(restoreCallState(encoded)).toEqual(s);
    expect(restoreCallState(storedCallState(s))).toEqual(s);
  });

  it.each(['', '{', 'null', '"x"', '[1]', '{"calls":{},"ended":[]}'])(
    'turns the stored string %j into the empty state',
    (stored) => {
      expect(storedCallState(restoreCallState(stored))).toEqual({ calls: {}, ended: {} });
    },
  );

  it('filters out malformed calls and tombstones, keeping the good ones', () => {
    const good = run([ringing('ok')]).calls.get('ok');
    const restored = restoreCallState({
      calls: {
        ok: good,
        mismatched: { ...good, uniqueId: 'other' },
        noFrom: { ...good, uniqueId: 'noFrom', from: 42 },
        noTo: { uniqueId: 'noTo', from: '1' },
        nullCall: null,
        str: 'call',
      },
      ended: { a: T0, b: '123', c: null, d: { t: 1 } },
    });
    expect([...restored.calls.keys()]).toEqual(['ok']);
    expect([...restored.ended]).toEqual([['a', T0]]);
  });

  it('a restored tombstone still blocks a late Ringing', () => {
    const restored = restoreCallState({ calls: {}, ended: { '5': T0 } });
    expect(callReducer(restored, { type: 'event', event: ringing('5'), at: T0 + 1 })).toBe(restored);
  });
});

describe('callList', () => {
  it('lists calls newest first', () => {
    let s: CallState = EMPTY_CALL_STATE;
    s = callReducer(s, { type: 'event', event: ringing('b'), at: T0 + 2_000 });
    s = callReducer(s, { type: 'event', event: ringing('a'), at: T0 + 1_000 });
    s = callReducer(s, { type: 'event', event: ringing('c'), at: T0 + 3_000 });
    expect(callList(s).map((c) => c.uniqueId)).toEqual(['c', 'b', 'a']);
  });

  it('is empty for the empty state', () => {
    expect(callList(EMPTY_CALL_STATE)).toEqual([]);
  });
});

describe('callReducer: property', () => {
  const ids = ['1', '2', '3', '4'];
  const eventArb = fc.record({
    type: fc.constantFrom<CallEventType>('ringing', 'answered', 'hangup'),
    uniqueId: fc.constantFrom(...ids),
    parties: fc.boolean(),
  });

  it('no call that was hung up is ever present, whatever the order of events', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const hungUp = new Set<string>();
        let s: CallState = EMPTY_CALL_STATE;
        events.forEach((e, i) => {
          const extra: Partial<CallEvent> =
            e.parties || e.type === 'ringing' ? { from: '1', to: '2', direction: 'incoming' } : {};
          s = callReducer(s, { type: 'event', event: ev(e.type, e.uniqueId, extra), at: T0 + i });
          if (e.type === 'hangup') hungUp.add(e.uniqueId);
          // After every step: nothing that was hung up is present, and its tombstone is there.
          for (const id of hungUp) {
            expect(s.calls.get(id)).toBeUndefined();
            expect(s.ended.get(id)).toBeDefined();
          }
        });
        // The last event of each id decides: a Hangup means no call; a Ringing/Answered of a never-hung-up id means a call.
        for (const id of ids) {
          const mine = events.filter((e) => e.uniqueId === id);
          const last = mine[mine.length - 1];
          if (last?.type === 'hangup') expect(s.calls.get(id)).toBeUndefined();
          if (hungUp.has(id)) expect(s.calls.get(id)).toBeUndefined();
          if (last !== undefined && !hungUp.has(id) && mine.some((e) => e.type === 'ringing'))
            expect(s.calls.get(id)).toBeDefined();
        }
      }),
    );
  });
});

describe('fixes found in review', () => {
  const ev = (type: 'ringing' | 'hangup', uniqueId: string): CallEvent =>
    type === 'ringing'
      ? { event: 'call', type, uniqueId, from: '777888999', to: '444', direction: 'incoming' }
      : { event: 'call', type, uniqueId };

  it('always keeps the tombstone of the call that just ended, even when every time ties', () => {
    const T = 1_000_000;
    const ended = Object.fromEntries(Array.from({ length: MAX_TOMBSTONES }, (_, i) => [`old-${i}`, T]));
    let state: CallState = { ...EMPTY_CALL_STATE, ended: Tombstones.of(Object.entries(ended), MAX_TOMBSTONES) };
    state = callReducer(state, { type: 'event', event: ev('hangup', 'x'), at: T });
    expect(state.ended.get('x')).toBe(T);
    expect([...state.ended.keys()]).toHaveLength(MAX_TOMBSTONES);
    state = callReducer(state, { type: 'event', event: ev('ringing', 'x'), at: T + 1 });
    expect(state.calls.get('x')).toBeUndefined();
  });

  it('returns the same state when a prune or a repeated Hangup changes nothing', () => {
    const state = callReducer(EMPTY_CALL_STATE, { type: 'event', event: ev('hangup', 'x'), at: 1 });
    expect(callReducer(state, { type: 'event', event: ev('hangup', 'x'), at: 2 })).toBe(state);
    expect(callReducer(state, { type: 'prune', now: 2 })).toBe(state);
  });

  it('does not restore calls or tombstones of the wrong shape', () => {
    const restored = restoreCallState({
      calls: {
        a: { uniqueId: 'a', from: '1', to: '2', direction: 'sideways', state: 'ringing', startedAt: 1 },
        b: { uniqueId: 'b', from: '1', to: '2', direction: 'incoming', state: 'ringing', startedAt: 'soon' },
        c: { uniqueId: 'c', from: '1', to: '2', direction: 'incoming', state: 'ringing', startedAt: 5 },
      },
      ended: { x: Infinity, y: 3 },
    });
    expect([...restored.calls.keys()]).toEqual(['c']);
    expect([...restored.ended]).toEqual([['y', 3]]);
  });
});
