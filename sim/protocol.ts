// The client side of docs/protocol.md as the simulator answers it, the same on every transport: auth, originate,
// hangupcall, transfer, ping. A transport turns what arrives into one object ({"action": …, …}) and gives it here.
import type { CallBook } from './calls.js';
import { mask, type FrameFields } from './frames.js';
import type { TokenStore } from './rest.js';
import type { SimModes, SimUser, Transport } from './types.js';

/** One client connection, whatever carries it. */
export interface Session {
  readonly id: number;
  readonly transport: Transport;
  readonly remote: string;
  /** The authenticated user, or null before a successful auth. */
  user: SimUser | null;
  /** Timers that die with the connection. */
  readonly timers: Set<NodeJS.Timeout>;
  isOpen(): boolean;
  /** Sends one server frame (already in the shape it should have). */
  send(fields: FrameFields): void;
  /** Closes the connection (a WebSocket with `code`; Socket.IO disconnects). */
  close(code: number, reason: string): void;
}

export interface ProtocolDeps {
  users: SimUser[];
  tokens: TokenStore;
  modes(): SimModes;
  book: CallBook;
  log(line: string): void;
  later(ms: number, fn: () => void, owner: Set<NodeJS.Timeout>): void;
  /** Something changed that waiters may be waiting for. */
  notify(): void;
}

export function label(session: Session): string {
  return `#${session.id}${session.user ? ` ${session.user.login}` : ''}`;
}

export function sendError(session: Session, message: string, action?: unknown): void {
  session.send({ event: 'error', message, action: typeof action === 'string' ? action : undefined });
}

export class Protocol {
  constructor(private readonly deps: ProtocolDeps) {}

  /** One client frame, parsed into an object. */
  receive(session: Session, data: Record<string, unknown>): void {
    const action = data.action;
    if (action === 'auth') this.auth(session, data);
    else if (session.user === null) sendError(session, 'Not authenticated', action);
    else this.action(session, session.user, action, data);
  }

  private checkAuth(data: Record<string, unknown>): { user: SimUser } | { error: string } {
    const { modes, users, tokens } = this.deps;
    if (modes().rejectAuth) return { error: 'Invalid token' };
    const token = data.token;
    if (typeof token !== 'string' || token === '') return { error: 'Invalid token' };
    let user = users.find((u) => u.token === token);
    if (!user) {
      const issued = tokens.lookupAccess(token);
      if (!issued) return { error: 'Invalid token' };
      if (issued.expired) return { error: 'Token expired' };
      user = issued.user;
    }
    const type = data.identityType;
    const rawValue = data.identityValue;
    const value = typeof rawValue === 'number' ? String(rawValue) : rawValue;
    if (type !== 'login' && type !== 'line' && type !== 'email') return { error: 'Invalid identityType' };
    const matches =
      typeof value === 'string' &&
      (type === 'login'
        ? value === user.login
        : type === 'line'
          ? value === user.line
          : value.toLowerCase() === user.email.toLowerCase());
    return matches ? { user } : { error: 'Identity does not match the token' };
  }

  private auth(session: Session, data: Record<string, unknown>): void {
    const { log, modes, later, notify } = this.deps;
    const token = typeof data.token === 'string' ? mask(data.token) : String(data.token);
    log(`${label(session)} auth ${String(data.identityType)}=${String(data.identityValue)} token ${token}`);
    if (modes().neverAnswerAuth) {
      log(`${label(session)} auth left unanswered (neverAnswerAuth)`);
      return;
    }
    const answer = (): void => {
      if (!session.isOpen()) return;
      const result = this.checkAuth(data);
      if ('error' in result) {
        session.user = null;
        log(`#${session.id} auth refused: ${result.error}`);
        session.send({ event: 'auth', status: 'error', message: result.error });
      } else {
        session.user = result.user;
        log(`#${session.id} auth ok as ${result.user.login} (line ${result.user.line})`);
        session.send({ event: 'auth', status: 'ok', line: result.user.line });
        const dropAfter = modes().dropAfterAuthMs;
        if (dropAfter !== null) later(dropAfter, () => session.close(1012, 'dropAfterAuthMs'), session.timers);
      }
      notify();
    };
    const delay = modes().authDelayMs;
    if (delay > 0) later(delay, answer, session.timers);
    else answer();
  }

  private action(session: Session, user: SimUser, action: unknown, data: Record<string, unknown>): void {
    const { book, log, modes } = this.deps;
    switch (action) {
      case 'ping':
        if (modes().ignorePing) log(`${label(session)} ping ignored (ignorePing)`);
        else session.send({ event: 'pong' });
        return;
      case 'originate': {
        const actionid = data.actionid;
        if (typeof actionid !== 'string' || actionid === '') {
          sendError(session, 'Missing or invalid actionid', 'originate');
          return;
        }
        const error = book.originate(user, data.to, (uniqueId) => {
          session.send({
            event: 'originateresponse',
            actionid,
            response: 'Success',
            message: 'Originate successfully queued',
            uniqueId,
          });
        });
        if (error !== null) session.send({ event: 'originateresponse', actionid, response: 'Error', message: error });
        return;
      }
      case 'hangupcall':
      case 'transfer': {
        const uniqueid = data.uniqueid;
        // Ids are compared as exact strings: a number here has lost its text already (1412256225.1940 -> .194).
        if (typeof uniqueid !== 'string' || uniqueid === '') {
          sendError(session, uniqueid === undefined ? 'Missing uniqueid' : 'uniqueid must be a string', action);
          return;
        }
        const error =
          action === 'hangupcall' ? book.hangupcall(user, uniqueid) : book.transfer(user, uniqueid, data.to, data.type);
        if (error !== null) sendError(session, error, action);
        return;
      }
      default:
        sendError(session, action === undefined ? 'Missing action' : 'Unknown action', action);
    }
  }
}
