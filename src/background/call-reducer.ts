/**
 * The call store as a pure reducer over iPBX call events. No browser, no clock: the time comes in with the action.
 * Events may arrive late, twice or out of order; tombstones of ended calls make sure none of that leaves a ghost.
 */
import type { Call } from '../shared/calls.ts';
import type { CallEvent } from '../shared/protocol.ts';

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
  let ended = { ...state.ended, [uniqueId]: at };
  const ids = Object.keys(ended);
  if (ids.length > MAX_TOMBSTONES) {
    // Drop the oldest tombstones; insertion order is not time order after a restore, so sort.
    const keep = ids.sort((a, b) => (ended[b] ?? 0) - (ended[a] ?? 0)).slice(0, MAX_TOMBSTONES);
    ended = Object.fromEntries(keep.map((id) => [id, ended[id] ?? at]));
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
  const ended = Object.fromEntries(Object.entries(state.ended).filter(([, t]) => now - t < TOMBSTONE_TTL_MS));
  const calls = Object.fromEntries(
    Object.entries(state.calls).filter(([, c]) =>
      c.state === 'ringing' ? now - c.startedAt < STALE_RINGING_MS : now - (c.answeredAt ?? c.startedAt) < STALE_ANSWERED_MS,
    ),
  );
  return { calls, ended };
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
  const calls = Object.fromEntries(
    Object.entries(s.calls).filter(
      ([id, c]) =>
        typeof c === 'object' && c !== null && c.uniqueId === id && typeof c.from === 'string' && typeof c.to === 'string',
    ),
  );
  const ended = Object.fromEntries(Object.entries(s.ended).filter(([, t]) => typeof t === 'number'));
  return { calls, ended };
}

/** Calls in the order a person expects: newest first. */
export function callList(state: CallState): Call[] {
  return Object.values(state.calls).sort((a, b) => b.startedAt - a.startedAt);
}
