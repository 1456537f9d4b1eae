/** The call store's state and its limits; the reducer (call-reducer.ts) and its storage (call-state-storage.ts). */
import type { AgentStates } from './agent-state.ts';
import { Tombstones } from './tombstones.ts';
import type { Call, EndedCall } from '../shared/calls.ts';

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
  /** The last calls that ended, oldest first, with the Hangup reason and whether they were missed. */
  endings: readonly EndedCall[];
  /** The user's agent state per queue. */
  agents: AgentStates;
}

export const TOMBSTONE_TTL_MS = 10 * 60_000;
export const MAX_TOMBSTONES = 2_000;
/** Enough for the history and the panel to read each call's outcome; small, because every Hangup copies it. */
export const MAX_ENDINGS = 20;

export const EMPTY_CALL_STATE: CallState = Object.freeze({
  calls: new Map(),
  ended: Tombstones.empty(MAX_TOMBSTONES),
  endings: [],
  agents: new Map(),
});
