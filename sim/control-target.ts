// What the control endpoint may do to a running simulator, and the state it shows (secrets masked).
import type { ControlTarget } from './control.js';
import { redactData, summarize } from './frames.js';
import type { Session } from './protocol.js';
import type { ReceivedFrame, Simulator } from './types.js';

export interface ControlExtras {
  sessions: ReadonlySet<Session>;
  received: readonly ReceivedFrame[];
  dropAll(): number;
  hasCall(uniqueId: string): boolean;
}

export function controlTarget(sim: Simulator, extras: ControlExtras): ControlTarget {
  return {
    ring: (o) => sim.ring(o),
    answer: (id) => sim.answer(id),
    hangup: (id, reason) => sim.hangup(id, reason),
    miss: (id) => sim.miss(id),
    answerElsewhere: (id, by) => sim.answerElsewhere(id, by),
    agent: (action, o) => sim.agent(action, o),
    setModes: (m) => sim.setModes(m),
    get modes() {
      return { ...sim.modes };
    },
    drop: () => extras.dropAll(),
    hasCall: (id) => extras.hasCall(id),
    state: () => ({
      calls: sim.calls(),
      agents: sim.agents(),
      authenticated: sim.authenticatedCount(),
      connections: [...extras.sessions].map((s) => ({
        id: s.id,
        transport: s.transport,
        remote: s.remote,
        user: s.user?.login ?? null,
      })),
      modes: { ...sim.modes },
      received: extras.received.slice(-200).map((f) => ({
        at: new Date(f.at).toISOString(),
        user: f.user,
        raw: summarize(f.raw, 2000),
        data: redactData(f.data),
        ...(f.binary ? { binary: true } : {}),
        ...(f.transport ? { transport: f.transport } : {}),
      })),
    }),
  };
}
