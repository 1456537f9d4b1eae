// The users' agent state per queue, changed from the CLI or the control endpoint, announced with the platform's
// events: AgentLogin, AgentLogout, AgentPaused (with PauseName), AgentUnPaused (docs/protocol.md).
import type { FrameFields } from './frames.js';
import type { AgentAction, AgentOptions, EventShape, SimAgentState, SimUser } from './types.js';

export interface AgentHooks {
  emit(user: SimUser, fields: FrameFields, shape?: EventShape): void;
  log(line: string): void;
}

const EVENT_OF: Record<AgentAction, string> = {
  login: 'AgentLogin',
  logout: 'AgentLogout',
  pause: 'AgentPaused',
  unpause: 'AgentUnPaused',
};

const STATE_OF: Record<AgentAction, SimAgentState['state']> = {
  login: 'loggedIn',
  logout: 'loggedOut',
  pause: 'paused',
  unpause: 'loggedIn',
};

export function isAgentAction(value: unknown): value is AgentAction {
  return typeof value === 'string' && Object.hasOwn(EVENT_OF, value);
}

export class AgentBook {
  /** "login\u0000queue" -> state. */
  private readonly states = new Map<string, SimAgentState>();

  constructor(
    private readonly users: SimUser[],
    private readonly hooks: AgentHooks,
  ) {}

  /** Changes a user's state in a queue and sends the event to the user's connections, even when nothing changed. */
  apply(action: AgentAction, opts: AgentOptions): SimAgentState {
    if (!isAgentAction(action))
      throw new Error(`Unknown agent action "${String(action)}" (login, logout, pause, unpause)`);
    if (typeof opts.queue !== 'string' || opts.queue.trim() === '')
      throw new Error('agent: "queue" must be a non-empty string');
    const user = this.userFor(opts);
    const state: SimAgentState = { user: user.login, queue: opts.queue, state: STATE_OF[action] };
    if (action === 'pause' && opts.reason !== undefined && opts.reason !== '') state.pauseName = opts.reason;
    this.states.set(`${user.login}\u0000${opts.queue}`, state);
    this.hooks.log(`agent ${user.login} ${action} in ${opts.queue}${state.pauseName ? ` (${state.pauseName})` : ''}`);
    this.hooks.emit(
      user,
      {
        event: EVENT_OF[action],
        queue: opts.queue,
        pauseName: state.pauseName,
        line: user.line,
        login: user.login,
        email: user.email,
      },
      opts.shape,
    );
    return { ...state };
  }

  list(): SimAgentState[] {
    return [...this.states.values()].map((s) => ({ ...s }));
  }

  /** The user named (login or line), else the first operator of the queue. */
  private userFor(opts: AgentOptions): SimUser {
    if (opts.user !== undefined) {
      const user = this.users.find((u) => u.login === opts.user || u.line === opts.user);
      if (!user) throw new Error(`agent: no user ${opts.user}`);
      return user;
    }
    const user = this.users.find((u) => u.queues?.includes(opts.queue));
    if (!user) throw new Error(`agent: no operator in queue ${opts.queue} (name one with "user")`);
    return user;
  }
}
