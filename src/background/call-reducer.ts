/**
 * The call store as a pure reducer over iPBX events. No browser, no clock: the time comes in with the action.
 * Events may arrive late, twice or out of order; tombstones of ended calls make sure none of that leaves a ghost.
 */
import { agentList, applyAgentEvent } from './agent-state.ts';
import { MAX_ENDINGS, TOMBSTONE_TTL_MS, type CallState } from './call-state.ts';
import type { QueueAgentState } from '../shared/agents.ts';
import { isMissed, type Call, type EndedCall } from '../shared/calls.ts';
import type { AgentEvent, CallEvent } from '../shared/protocol.ts';

export { EMPTY_CALL_STATE, MAX_ENDINGS, MAX_TOMBSTONES, TOMBSTONE_TTL_MS, type CallState } from './call-state.ts';
export { encodeCallState, restoreCallState, storedCallState, type StoredCallState } from './call-state-storage.ts';

export type CallAction =
  | { type: 'event'; event: CallEvent | AgentEvent; at: number }
  /** The extension sent hangupcall for this call: if it ends unanswered, the user hung it up (not missed). */
  | { type: 'hangupRequested'; uniqueId: string }
  /** Forget tombstones and calls that can no longer be live (a Hangup lost while disconnected). */
  | { type: 'prune'; now: number };

/** Nobody rings for this long; a ringing (or set-up) call older than that missed its Hangup. */
export const STALE_RINGING_MS = 10 * 60_000;
/** An answered call older than that missed its Hangup. */
export const STALE_ANSWERED_MS = 12 * 60 * 60_000;

function withCall(state: CallState, call: Call): CallState {
  return { ...state, calls: new Map(state.calls).set(call.uniqueId, call) };
}

function endCall(state: CallState, uniqueId: string, at: number, reason: string | undefined): CallState {
  const known = state.calls.get(uniqueId);
  // A repeated Hangup changes nothing: same state, so nothing is saved or redrawn.
  if (state.ended.has(uniqueId) && !known) return state;
  // The newest tombstone is always last and the oldest first, whatever the clock says; over the cap the oldest go.
  const ended = state.ended.with(uniqueId, at);
  if (!known) return { ...state, ended };
  const calls = new Map(state.calls);
  calls.delete(uniqueId);
  const ending: EndedCall = { ...known, endedAt: at, missed: isMissed(known, reason) };
  if (reason !== undefined) ending.reason = reason;
  return { ...state, calls, ended, endings: [...state.endings.slice(-(MAX_ENDINGS - 1)), ending] };
}

/** What a call looks like when an event first shows it. */
function createdState(type: CallEvent['type']): Call['state'] {
  return type === 'newcall' ? 'new' : type === 'answered' ? 'answered' : 'ringing';
}

function sameCall(a: Call, b: Call): boolean {
  return (
    a.state === b.state &&
    a.line === b.line &&
    a.queue === b.queue &&
    a.from === b.from &&
    a.to === b.to &&
    a.direction === b.direction &&
    a.startedAt === b.startedAt
  );
}

/** AttendedTransfer: the outcome goes on the call (or on its ending, when the Hangup came first). Never creates one. */
function recordTransfer(state: CallState, ev: CallEvent, at: number): CallState {
  const id = ev.uniqueId;
  const to = ev.to ?? (ev.targetUniqueId !== undefined ? state.calls.get(ev.targetUniqueId)?.to : undefined);
  const transferred = to === undefined ? { at } : { to, at };
  const call = state.calls.get(id);
  if (call) return call.transferred ? state : withCall(state, { ...call, transferred });
  const i = state.endings.findIndex((e) => e.uniqueId === id);
  const ending = state.endings[i];
  if (!ending || ending.transferred) return state;
  const endings = [...state.endings];
  endings[i] = { ...ending, transferred, missed: false };
  return { ...state, endings };
}

function applyCallEvent(state: CallState, ev: CallEvent, at: number): CallState {
  const id = ev.uniqueId;
  if (ev.type === 'hangup') return endCall(state, id, at, ev.reason);
  if (ev.type === 'attendedtransfer') return recordTransfer(state, ev, at);
  if (state.ended.has(id)) return state; // late or repeated event of an ended call
  const known = state.calls.get(id);
  if (!known) {
    // A call we have not seen: NewCall, Ringing, or Answered whose Ringing was lost. It needs the parties.
    if (ev.from === undefined || ev.to === undefined || ev.direction === undefined) return state;
    const call: Call = {
      uniqueId: id,
      from: ev.from,
      to: ev.to,
      direction: ev.direction,
      state: createdState(ev.type),
      startedAt: at,
    };
    if (ev.line !== undefined) call.line = ev.line;
    if (ev.queue !== undefined) call.queue = ev.queue;
    if (ev.type === 'answered') call.answeredAt = at;
    return withCall(state, call);
  }
  // A known call: fill in what the event adds; never go back (answered to ringing, ringing to new).
  const next: Call = { ...known };
  if (ev.line !== undefined) next.line = ev.line;
  if (ev.queue !== undefined) next.queue = ev.queue;
  if (known.state === 'new' && ev.type !== 'newcall') {
    // The call reaches the user now: it starts when it rings, with the parties of the event that shows it.
    next.state = createdState(ev.type);
    next.startedAt = at;
    if (ev.type === 'answered') next.answeredAt = at;
    if (ev.from !== undefined && ev.from !== '') next.from = ev.from;
    if (ev.to !== undefined) next.to = ev.to;
    if (ev.direction !== undefined) next.direction = ev.direction;
  } else if (ev.type === 'answered' && known.state === 'ringing') {
    next.state = 'answered';
    next.answeredAt = at;
  }
  return sameCall(next, known) ? state : withCall(state, next);
}

function markHangupRequested(state: CallState, uniqueId: string): CallState {
  const call = state.calls.get(uniqueId);
  return !call || call.hangupRequested ? state : withCall(state, { ...call, hangupRequested: true });
}

function isStale(c: Call, now: number): boolean {
  return c.state === 'answered'
    ? now - (c.answeredAt ?? c.startedAt) >= STALE_ANSWERED_MS
    : now - c.startedAt >= STALE_RINGING_MS;
}

function prune(state: CallState, now: number): CallState {
  const ended = state.ended.filter((t) => now - t < TOMBSTONE_TTL_MS);
  const keptCalls = [...state.calls].filter(([, c]) => !isStale(c, now));
  if (ended === state.ended && keptCalls.length === state.calls.size) return state;
  return { ...state, calls: keptCalls.length === state.calls.size ? state.calls : new Map(keptCalls), ended };
}

export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case 'event': {
      const ev = action.event;
      if (ev.event === 'call') return applyCallEvent(state, ev, action.at);
      const agents = applyAgentEvent(state.agents, ev, action.at);
      return agents === state.agents ? state : { ...state, agents };
    }
    case 'hangupRequested':
      return markHangupRequested(state, action.uniqueId);
    case 'prune':
      return prune(state, action.now);
  }
}

/** A call the user can see: it rings or was answered (a call only set up notifies nothing and is not listed). */
export function isShown(call: Call): boolean {
  return call.state !== 'new';
}

/** The calls the panel lists, in the order a person expects: newest first. */
export function callList(state: CallState): Call[] {
  return [...state.calls.values()].filter(isShown).sort((a, b) => b.startedAt - a.startedAt);
}

/** How many calls the badge counts. */
export function shownCallCount(state: CallState): number {
  let n = 0;
  for (const c of state.calls.values()) if (isShown(c)) n++;
  return n;
}

/** The user's state in each queue, for the snapshot. */
export function queueAgentStates(state: CallState): QueueAgentState[] {
  return agentList(state.agents);
}

/** How a call ended, while it is among the last MAX_ENDINGS endings. */
export function endingOf(state: CallState, uniqueId: string): EndedCall | undefined {
  return state.endings.findLast((e) => e.uniqueId === uniqueId);
}
