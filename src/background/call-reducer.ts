/**
 * The call store as a pure reducer over iPBX call events. No browser, no clock: the time comes in with the action.
 * Events may arrive late, twice or out of order; tombstones of ended calls make sure none of that leaves a ghost.
 */
import type { Call } from '../shared/calls.ts';
import { DIRECTIONS, type CallEvent } from '../shared/protocol.ts';

export interface CallState {
  calls: Record<string, Call>;
  /** uniqueId -> when it ended. A Ringing or Answered that comes after its Hangup is ignored. */
  ended: Record<string, number>;
}

export type CallAction =
  | { type: 'event'; event: CallEvent; at: number }
  /** Forget tombstones and calls that can no longer be live (a Hangup lost while disconnected). */
  | { type: 'prune'; now: number };

export const EMPTY_CALL_STATE: CallState = Object.freeze({ calls: {}, ended: {} }) as CallState;

export const TOMBSTONE_TTL_MS = 10 * 60_000;
export const MAX_TOMBSTONES = 2_000;
/** Nobody rings for this long; a ringing call older than that missed its Hangup. */
export const STALE_RINGING_MS = 10 * 60_000;
/** An answered call older than that missed its Hangup. */
export const STALE_ANSWERED_MS = 12 * 60 * 60_000;

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function endCall(state: CallState, uniqueId: string, at: number): CallState {
  // A repeated Hangup changes nothing: same state, so nothing is saved or redrawn.
  if (state.ended[uniqueId] !== undefined && state.calls[uniqueId] === undefined) return state;
  let ended: Record<string, number> = { ...state.ended, [uniqueId]: at };
  const others = Object.keys(state.ended).filter((id) => id !== uniqueId);
  if (others.length >= MAX_TOMBSTONES) {
    // Keep the newest; the one just ended is always kept, whatever the clock says.
    const keep = others.sort((a, b) => (state.ended[b] ?? 0) - (state.ended[a] ?? 0)).slice(0, MAX_TOMBSTONES - 1);
    ended = Object.fromEntries([...keep.map((id) => [id, state.ended[id] ?? at] as const), [uniqueId, at] as const]);
  }
  return { calls: withoutKey(state.calls, uniqueId), ended };
}

function applyEvent(state: CallState, ev: CallEvent, at: number): CallState {
  const id = ev.uniqueId;
  if (ev.type === 'hangup') return endCall(state, id, at);
  if (state.ended[id] !== undefined) return state; // late or repeated event of an ended call
  const known = state.calls[id];
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
    return { ...state, calls: { ...state.calls, [id]: call } };
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
  return { ...state, calls: { ...state.calls, [id]: next } };
}

function prune(state: CallState, now: number): CallState {
  const endedEntries = Object.entries(state.ended);
  const callEntries = Object.entries(state.calls);
  const keptEnded = endedEntries.filter(([, t]) => now - t < TOMBSTONE_TTL_MS);
  const keptCalls = callEntries.filter(([, c]) =>
    c.state === 'ringing' ? now - c.startedAt < STALE_RINGING_MS : now - (c.answeredAt ?? c.startedAt) < STALE_ANSWERED_MS,
  );
  if (keptEnded.length === endedEntries.length && keptCalls.length === callEntries.length) return state;
  return { calls: Object.fromEntries(keptCalls), ended: Object.fromEntries(keptEnded) };
}

export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event, action.at);
    case 'prune':
      return prune(state, action.now);
  }
}

/** Restores a persisted state; anything malformed becomes the empty state rather than breaking the worker. */
export function restoreCallState(stored: unknown): CallState {
  if (typeof stored !== 'object' || stored === null) return EMPTY_CALL_STATE;
  const s = stored as Partial<CallState>;
  if (typeof s.calls !== 'object' || s.calls === null || typeof s.ended !== 'object' || s.ended === null) {
    return EMPTY_CALL_STATE;
  }
  const calls = Object.fromEntries(Object.entries(s.calls).filter(([id, c]) => isCall(id, c)));
  const ended = Object.fromEntries(Object.entries(s.ended).filter(([, t]) => Number.isFinite(t)));
  return { calls, ended };
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
  return Object.values(state.calls).sort((a, b) => b.startedAt - a.startedAt);
}
