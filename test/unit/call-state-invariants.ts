/**
 * The invariants of the call store for call-reducer.property.test.ts: what any state must satisfy, and what one
 * event, agent event, hang-up request or prune may change.
 */
import { expect } from 'vitest';
import {
  MAX_ENDINGS,
  restoreCallState,
  storedCallState,
  STALE_ANSWERED_MS,
  STALE_RINGING_MS,
  TOMBSTONE_TTL_MS,
  type CallState,
} from '../../src/background/call-reducer.ts';
import { MAX_QUEUES } from '../../src/background/agent-state.ts';
import { isMissed } from '../../src/shared/calls.ts';
import { DIRECTIONS, type AgentEvent, type CallEvent } from '../../src/shared/protocol.ts';
import { ID_POOL } from './call-frame-arbitraries.ts';

/** The invariants of any state, at time `now`. */
export function checkState(s: CallState, now: number): void {
  for (const [id, c] of [...s.calls]) {
    expect(c.uniqueId).toBe(id);
    expect(ID_POOL).toContain(id);
    expect(['new', 'ringing', 'answered']).toContain(c.state);
    expect(c.state === 'answered').toBe(c.answeredAt !== undefined);
    if (c.answeredAt !== undefined) expect(c.answeredAt).toBeGreaterThanOrEqual(c.startedAt);
    expect(c.startedAt).toBeLessThanOrEqual(now);
    expect(DIRECTIONS).toContain(c.direction);
    expect(typeof c.from).toBe('string');
    expect(typeof c.to).toBe('string');
    expect(s.ended.get(id)).toBeUndefined();
  }
  for (const [id, at] of [...s.ended]) {
    expect(ID_POOL).toContain(id);
    expect(at).toBeLessThanOrEqual(now);
  }
  expect(s.endings.length).toBeLessThanOrEqual(MAX_ENDINGS);
  for (const e of s.endings) expect(e.endedAt).toBeLessThanOrEqual(now);
  expect(s.agents.size).toBeLessThanOrEqual(MAX_QUEUES);
  for (const [queue, a] of s.agents) {
    expect(a.queue).toBe(queue);
    if (a.pauseName !== undefined) expect(a.state).toBe('paused');
  }
  // What the worker keeps in storage.session comes back unchanged.
  const stored = storedCallState(s);
  expect(storedCallState(restoreCallState(JSON.parse(JSON.stringify(stored))))).toEqual(stored);
}

/** What one decoded call event may do to the state. */
export function checkEvent(prev: CallState, next: CallState, ev: CallEvent, at: number): void {
  const id = ev.uniqueId;
  // One event touches one call: every other call and tombstone is the very same.
  for (const other of new Set([...[...prev.calls.keys()], ...[...next.calls.keys()]])) {
    if (other !== id) expect(next.calls.get(other)).toBe(prev.calls.get(other));
  }
  for (const [other, t] of [...prev.ended]) if (other !== id) expect(next.ended.get(other)).toBe(t);
  expect(next.agents).toBe(prev.agents);
  if (ev.type === 'hangup') {
    expect(next.calls.get(id)).toBeUndefined();
    expect(next.ended.get(id)).toBeDefined();
    // A repeated Hangup keeps the first end time.
    if (prev.ended.get(id) !== undefined && prev.calls.get(id) === undefined) expect(next).toBe(prev);
    const known = prev.calls.get(id);
    if (known === undefined) {
      expect(next.endings).toBe(prev.endings);
    } else {
      // The call's ending: the call as it was, the reason as the iPBX wrote it, missed by the rule.
      const { endedAt, reason, missed, ...call } = next.endings[next.endings.length - 1]!;
      expect(call).toEqual(known);
      expect({ endedAt, reason, missed }).toEqual({
        endedAt: at,
        reason: ev.reason,
        missed: isMissed(known, ev.reason),
      });
    }
    return;
  }
  if (ev.type === 'attendedtransfer') {
    // Never creates a call; the outcome goes on the call (or its ending), nothing else of it changes.
    expect(next.calls.has(id)).toBe(prev.calls.has(id));
    const known = prev.calls.get(id);
    if (known !== undefined) {
      const { transferred, ...rest } = next.calls.get(id)!;
      const { transferred: before, ...knownRest } = known;
      expect(rest).toEqual(knownRest);
      expect(transferred).toEqual(before ?? expect.objectContaining({ at }));
    }
    return;
  }
  if (prev.ended.get(id) !== undefined) {
    // Late or repeated event of an ended call: nothing at all.
    expect(next).toBe(prev);
    return;
  }
  const known = prev.calls.get(id);
  const call = next.calls.get(id);
  if (known === undefined) {
    if (ev.from === undefined || ev.to === undefined || ev.direction === undefined) {
      expect(next).toBe(prev);
      return;
    }
    // Created with exactly the parties of the event; an anonymous caller is a call like any other.
    expect(call).toEqual({
      uniqueId: id,
      from: ev.from,
      to: ev.to,
      direction: ev.direction,
      state: ev.type === 'newcall' ? 'new' : ev.type,
      startedAt: at,
      ...(ev.type === 'answered' ? { answeredAt: at } : {}),
      ...(ev.line !== undefined ? { line: ev.line } : {}),
      ...(ev.queue !== undefined ? { queue: ev.queue } : {}),
    });
    return;
  }
  expect(call).toBeDefined();
  if (known.state === 'new') {
    // A set-up call: a NewCall again changes nothing but line and queue; Ringing or Answered show it, starting now.
    if (ev.type === 'newcall') expect(call!.state).toBe('new');
    else
      expect(call).toMatchObject({
        state: ev.type,
        startedAt: at,
        direction: ev.direction ?? known.direction,
        to: ev.to ?? known.to,
      });
    if (ev.type !== 'newcall' && ev.from !== undefined && ev.from !== '') expect(call!.from).toBe(ev.from);
    expect(call!.line).toBe(ev.line ?? known.line);
    expect(call!.queue).toBe(ev.queue ?? known.queue);
    return;
  }
  // A known call that rang: the parties and the start never change; answered is final; answeredAt never moves.
  expect({ from: call!.from, to: call!.to, direction: call!.direction, startedAt: call!.startedAt }).toEqual({
    from: known.from,
    to: known.to,
    direction: known.direction,
    startedAt: known.startedAt,
  });
  if (known.state === 'answered') expect(call!.answeredAt).toBe(known.answeredAt);
  if (ev.type === 'answered') expect(call!.state).toBe('answered');
  if (ev.type === 'answered' && known.state === 'ringing') expect(call!.answeredAt).toBe(at);
  if (ev.type === 'ringing' || ev.type === 'newcall') expect(call!.state).toBe(known.state);
  expect(call!.line).toBe(ev.line ?? known.line);
  expect(call!.queue).toBe(ev.queue ?? known.queue);
}

export function checkAgent(prev: CallState, next: CallState, ev: AgentEvent): void {
  expect(next.calls).toBe(prev.calls);
  expect(next.ended).toBe(prev.ended);
  expect(next.endings).toBe(prev.endings);
  const state = { login: 'loggedIn', unpaused: 'loggedIn', logout: 'loggedOut', paused: 'paused' }[ev.type];
  expect(next.agents.get(ev.queue)).toMatchObject({ queue: ev.queue, state });
  expect(next.agents.get(ev.queue)?.pauseName).toBe(ev.type === 'paused' ? ev.pauseName : undefined);
  for (const [queue, a] of prev.agents) if (queue !== ev.queue) expect(next.agents.get(queue)).toBe(a);
}

export function checkHangupRequested(prev: CallState, next: CallState, id: string): void {
  const known = prev.calls.get(id);
  if (known === undefined || known.hangupRequested) {
    expect(next).toBe(prev);
    return;
  }
  expect(next.calls.get(id)).toEqual({ ...known, hangupRequested: true });
  for (const [other, c] of prev.calls) if (other !== id) expect(next.calls.get(other)).toBe(c);
  expect(next.ended).toBe(prev.ended);
}

export function checkPrune(prev: CallState, next: CallState, now: number): void {
  expect([...next.ended]).toEqual([...prev.ended].filter(([, t]) => now - t < TOMBSTONE_TTL_MS));
  const live = [...prev.calls.values()].filter((c) =>
    c.state === 'answered' ? now - c.answeredAt! < STALE_ANSWERED_MS : now - c.startedAt < STALE_RINGING_MS,
  );
  expect([...next.calls.keys()].sort()).toEqual(live.map((c) => c.uniqueId).sort());
  for (const c of live) expect(next.calls.get(c.uniqueId)).toBe(c);
}
