/**
 * The user's state as an agent of each queue (AgentLogin, AgentLogout, AgentPaused, AgentUnPaused). The background
 * keeps it (background/agent-state.ts); every context reads it from the snapshot.
 */
export type AgentStateName = 'loggedIn' | 'loggedOut' | 'paused';

export interface QueueAgentState {
  queue: string;
  state: AgentStateName;
  /** The pause the user chose (e.g. "Oběd"), while paused and when the iPBX named it. */
  pauseName?: string;
  /** Epoch ms when this state began (as far as we saw). */
  since: number;
}
