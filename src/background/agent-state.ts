/** The user's agent state per queue, from AgentLogin/Logout/Paused/UnPaused: a pure part of the call reducer. */
import type { AgentStateName, QueueAgentState } from '../shared/agents.ts';
import type { AgentEvent } from '../shared/protocol.ts';

/** Queues remembered at most; past that the one heard of longest ago goes (an iPBX inventing names must not grow us). */
export const MAX_QUEUES = 100;

export type AgentStates = ReadonlyMap<string, QueueAgentState>;

const STATE_OF: Record<AgentEvent['type'], AgentStateName> = {
  login: 'loggedIn',
  unpaused: 'loggedIn',
  logout: 'loggedOut',
  paused: 'paused',
};

/** The states after one agent event; the very same map when nothing changed (a repeated event). */
export function applyAgentEvent(agents: AgentStates, ev: AgentEvent, at: number): AgentStates {
  const state = STATE_OF[ev.type];
  const pauseName = state === 'paused' ? ev.pauseName : undefined;
  const known = agents.get(ev.queue);
  if (known && known.state === state && known.pauseName === pauseName) return agents;
  const next = new Map(agents);
  next.delete(ev.queue);
  next.set(
    ev.queue,
    pauseName === undefined ? { queue: ev.queue, state, since: at } : { queue: ev.queue, state, pauseName, since: at },
  );
  for (const queue of next.keys()) {
    if (next.size <= MAX_QUEUES) break;
    next.delete(queue);
  }
  return next;
}

/** For the snapshot: every queue, in name order. */
export function agentList(agents: AgentStates): QueueAgentState[] {
  return [...agents.values()].sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
}

export function isQueueAgentState(queue: string, value: unknown): value is QueueAgentState {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Partial<QueueAgentState>;
  return (
    a.queue === queue &&
    (a.state === 'loggedIn' || a.state === 'loggedOut' || a.state === 'paused') &&
    (a.pauseName === undefined || (a.state === 'paused' && typeof a.pauseName === 'string')) &&
    Number.isFinite(a.since)
  );
}
