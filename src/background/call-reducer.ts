/**
 * The call store as a pure reducer over iPBX call events. No browser, no clock: the time comes in with the action.
 * Events may arrive late, twice or out of order; tombstones of ended calls make sure none of that leaves a ghost.
 */
import type { Call } from '../shared/calls.ts';
import { DIRECTIONS, type CallEvent } from '../shared/protocol.ts';
import { Tombstones } from './tombstones.ts';

/**
 * A Map, not a plain object, for `calls`: every event copies it (the reducer is pure), and at 1,000 events a second
 * copying objects of hundreds of keys took most of the worker's time, so that the panel's queries starved behind the
 * socket's backlog (docs/performance.md, "Load"). A Map copies several times faster. `ended` grows to thousands of
 * entries and changes on every Hangup, so it is a structure that shares most of itself between versions.
 */
export interface CallState {
  calls: ReadonlyMap<string, Call>;
  /** uniqueId -> when it ended, oldest first. A Ringing or Answered that comes after its Hangup is ignored. */
  ended: Tombstones;
}

/** The persisted form (storage.session takes plain objects only). */
export interface StoredCallState {
  calls: Record<string, Call>;
  ended: Record<string, number>;
}

export type CallAction =
  | { type: 'event'; event: CallEvent; at: number }
  /** Forget tombstones and calls that can no longer be live (a Hangup lost while disconnected). */
  | { type: 'prune'; now: number };

export const TOMBSTONE_TTL_MS = 10 * 60_000;
export const MAX_TOMBSTONES = 2_000;

export const EMPTY_CALL_STATE: CallState = Object.freeze({ calls: new Map(), ended: Tombstones.empty(MAX_TOMBSTONES) });
/** Nobody rings for this long; a ringing call older than that missed its Hangup. */
export const STALE_RINGING_MS = 10 * 60_000;
/** An answered call older than that missed its Hangup. */
export const STALE_ANSWERED_MS = 12 * 60 * 60_000;

function withCall(state: CallState, call: Call): CallState {
  return { calls: new Map(state.calls).set(call.uniqueId, call), ended: state.ended };
}

function endCall(state: CallState, uniqueId: string, at: number): CallState {
  const known = state.calls.has(uniqueId);
  // A repeated Hangup changes nothing: same state, so nothing is saved or redrawn.
  if (state.ended.has(uniqueId) && !known) return state;
  // The newest tombstone is always last and the oldest first, whatever the clock says; over the cap the oldest go.
  const ended = state.ended.with(uniqueId, at);
  if (!known) return { calls: state.calls, ended };
  const calls = new Map(state.calls);
  calls.delete(uniqueId);
  return { calls, ended };
}

function applyEvent(state: CallState, ev: CallEvent, at: number): CallState {
  const id = ev.uniqueId;
  if (ev.type === 'hangup') return endCall(state, id, at);
  if (state.ended.has(id)) return state; // late or repeated event of an ended call
  const known = state.calls.get(id);
  if (!known) {
    // A call we have not seen: Ringing, or Answered whose Ringing was lost. It needs the parties to be shown.
    if (ev.from === undefined || ev.to === undefined || ev.direction === undefined) return state;
    const call: Call = {
      uniqueId: id,
      from: ev.from,
      to: ev.to,
      direction: ev.direction,
      state: ev.type === 'answered' ? 'answered' : 'ringing',
      startedAt: at,
    };
    if (ev.line !== undefined) call.line = ev.line;
    if (ev.queue !== undefined) call.queue = ev.queue;
    if (ev.type === 'answered') call.answeredAt = at;
    return withCall(state, call);
  }
  // A known call: fill in what the event adds; never go back from answered to ringing.
  const next: Call = { ...known };
  if (ev.line !== undefined) next.line = ev.line;
  if (ev.queue !== undefined) next.queue = ev.queue;
  if (ev.type === 'answered' && known.state === 'ringing') {
    next.state = 'answered';
    next.answeredAt = at;
  }
  if (next.state === known.state && next.line === known.line && next.queue === known.queue) return state;
  return withCall(state, next);
}

function prune(state: CallState, now: number): CallState {
  const ended = state.ended.filter((t) => now - t < TOMBSTONE_TTL_MS);
  const keptCalls = [...state.calls].filter(([, c]) =>
    c.state === 'ringing' ? now - c.startedAt < STALE_RINGING_MS : now - (c.answeredAt ?? c.startedAt) < STALE_ANSWERED_MS,
  );
  if (ended === state.ended && keptCalls.length === state.calls.size) return state;
  return { calls: keptCalls.length === state.calls.size ? state.calls : new Map(keptCalls), ended };
}

export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event, action.at);
    case 'prune':
      return prune(state, action.now);
  }
}

/** What storage.session keeps of the state. */
export function storedCallState(state: CallState): StoredCallState {
  return { calls: Object.fromEntries(state.calls), ended: Object.fromEntries(state.ended) };
}

/**
 * The state as storage.session keeps it: one JSON string. Stored as an object, every write made the browser convert
 * and copy hundreds of calls and tombstones (old and new value) on its main thread, which also routes every message
 * of the extension; a string is copied whole.
 */
export function encodeCallState(state: CallState): string {
  return JSON.stringify(storedCallState(state));
}

/**
 * Restores a persisted state: the JSON string, or the object an earlier version stored. Anything malformed becomes
 * the empty state rather than breaking the worker.
 */
export function restoreCallState(stored: unknown): CallState {
  if (typeof stored === 'string') {
    try {
      stored = JSON.parse(stored) as unknown;
    } catch {
      return EMPTY_CALL_STATE;
    }
  }
  if (typeof stored !== 'object' || stored === null) return EMPTY_CALL_STATE;
  const s = stored as Partial<StoredCallState>;
  if (typeof s.calls !== 'object' || s.calls === null || typeof s.ended !== 'object' || s.ended === null) {
    return EMPTY_CALL_STATE;
  }
  const calls = new Map(Object.entries(s.calls).filter(([id, c]) => isCall(id, c)));
  // Oldest first, as endCall keeps them, so the cap forgets the oldest.
  const entries = Object.entries(s.ended).filter((e): e is [string, number] => Number.isFinite(e[1])).sort((a, b) => a[1] - b[1]);
  return { calls, ended: Tombstones.of(entries, MAX_TOMBSTONES) };
}

function isCall(id: string, value: unknown): value is Call {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<Call>;
  return (
    c.uniqueId === id &&
    typeof c.from === 'string' &&
    typeof c.to === 'string' &&
    (DIRECTIONS as readonly unknown[]).includes(c.direction) &&
    (c.state === 'ringing' || c.state === 'answered') &&
    Number.isFinite(c.startedAt) &&
    (c.answeredAt === undefined || Number.isFinite(c.answeredAt)) &&
    (c.line === undefined || typeof c.line === 'string') &&
    (c.queue === undefined || typeof c.queue === 'string')
  );
}

/** Calls in the order a person expects: newest first. */
export function callList(state: CallState): Call[] {
  return [...state.calls.values()].sort((a, b) => b.startedAt - a.startedAt);
}
