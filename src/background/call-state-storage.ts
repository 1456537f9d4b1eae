/**
 * The call state as storage.session keeps it, and back. A state stored by an earlier version (no `endings`, no
 * `agents`, calls without the newer fields) restores as it was; anything malformed is left out.
 */
import { isQueueAgentState } from './agent-state.ts';
import { EMPTY_CALL_STATE, MAX_ENDINGS, MAX_TOMBSTONES, type CallState } from './call-state.ts';
import { Tombstones } from './tombstones.ts';
import type { QueueAgentState } from '../shared/agents.ts';
import type { Call, EndedCall } from '../shared/calls.ts';
import { DIRECTIONS } from '../shared/protocol.ts';

/** The persisted form (storage.session takes plain objects only). `endings` and `agents` only when there are any. */
export interface StoredCallState {
  calls: Record<string, Call>;
  ended: Record<string, number>;
  endings?: EndedCall[];
  agents?: Record<string, QueueAgentState>;
}

/** What storage.session keeps of the state. */
export function storedCallState(state: CallState): StoredCallState {
  const stored: StoredCallState = { calls: Object.fromEntries(state.calls), ended: Object.fromEntries(state.ended) };
  if (state.endings.length > 0) stored.endings = [...state.endings];
  if (state.agents.size > 0) stored.agents = Object.fromEntries(state.agents);
  return stored;
}

/**
 * The state as storage.session keeps it: one JSON string. Stored as an object, every write made the browser convert
 * and copy hundreds of calls and tombstones (old and new value) on its main thread, which also routes every message
 * of the extension; a string is copied whole.
 */
export function encodeCallState(state: CallState): string {
  return JSON.stringify(storedCallState(state));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  if (!isRecord(stored)) return EMPTY_CALL_STATE;
  const { calls: rawCalls, ended: rawEnded, endings: rawEndings, agents: rawAgents } = stored;
  if (!isRecord(rawCalls) || !isRecord(rawEnded)) return EMPTY_CALL_STATE;
  const calls = new Map(Object.entries(rawCalls).filter((e): e is [string, Call] => isCall(e[0], e[1])));
  // Oldest first, as endCall keeps them, so the cap forgets the oldest.
  const entries = Object.entries(rawEnded)
    .filter((e): e is [string, number] => Number.isFinite(e[1]))
    .sort((a, b) => a[1] - b[1]);
  const endings = Array.isArray(rawEndings) ? rawEndings.filter(isEndedCall).slice(-MAX_ENDINGS) : [];
  const agents = isRecord(rawAgents)
    ? new Map(Object.entries(rawAgents).filter((e): e is [string, QueueAgentState] => isQueueAgentState(e[0], e[1])))
    : new Map<string, QueueAgentState>();
  return { calls, ended: Tombstones.of(entries, MAX_TOMBSTONES), endings, agents };
}

function optionalText(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isCall(id: string, value: unknown): value is Call {
  if (!isRecord(value)) return false;
  const c = value as Partial<Call>;
  const t = c.transferred;
  return (
    c.uniqueId === id &&
    typeof c.from === 'string' &&
    typeof c.to === 'string' &&
    (DIRECTIONS as readonly unknown[]).includes(c.direction) &&
    (c.state === 'new' || c.state === 'ringing' || c.state === 'answered') &&
    Number.isFinite(c.startedAt) &&
    (c.answeredAt === undefined || Number.isFinite(c.answeredAt)) &&
    optionalText(c.line) &&
    optionalText(c.queue) &&
    (c.hangupRequested === undefined || typeof c.hangupRequested === 'boolean') &&
    (t === undefined || (isRecord(t) && Number.isFinite(t.at) && optionalText(t.to)))
  );
}

function isEndedCall(value: unknown): value is EndedCall {
  if (!isRecord(value) || typeof value.uniqueId !== 'string' || !isCall(value.uniqueId, value)) return false;
  const e = value as Partial<EndedCall>;
  return Number.isFinite(e.endedAt) && typeof e.missed === 'boolean' && optionalText(e.reason);
}
