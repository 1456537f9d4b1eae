/**
 * The one WebSocket to the iPBX: connect, authenticate, keep alive, reconnect with backoff, and queue requests made
 * while connecting. It knows frames and status, not calls; the engine turns its events into call state.
 */
import { backoffDelay } from './backoff.ts';
import { SendQueue } from './send-queue.ts';
import { deadline, NamedTimers, systemTimers, type Timers } from './timers.ts';
import { TokenError, type TokenSource } from './tokens.ts';
import { errorMessage } from '../shared/errors.ts';
import {
  decodeFrame,
  describeAction,
  encodeAction,
  logUnknownEventOnce,
  PONG_FRAME,
  type ClientAction,
  type IdentityType,
  type PbxEvent,
} from '../shared/protocol.ts';
import type { ConfigProblem } from '../shared/settings.ts';
import type { ConnectionStatus, StatusReason } from '../shared/status.ts';
import type { Logger } from '../shared/log.ts';

/** What we need of a WebSocket; the browser's, or ws in Node tests. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface ConnectionTarget {
  url: string;
  identityType: IdentityType;
  identityValue: string;
  tokens: TokenSource;
}

export interface ConnectionOptions {
  createSocket: SocketFactory;
  log: Logger;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
  handshakeTimeoutMs?: number;
  authTimeoutMs?: number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
}

/** A request that could not be sent; `reason` is a message key the UI can show. */
export class NotConnectedError extends Error {
  constructor(readonly reason: StatusReason | 'reasonTimedOut') {
    super(reason);
    this.name = 'NotConnectedError';
  }
}

const OPEN = 1;

/** The status with a `detail` only when there is one: no `detail: undefined` in what the pages receive. */
function withDetail<S extends Omit<ConnectionStatus, 'since'>>(status: S, detail: string | undefined): S {
  return detail === undefined ? status : { ...status, detail };
}

export class Connection {
  private target: ConnectionTarget | null = null;
  private problem: ConfigProblem | null = 'cfgNoUrl';
  private socket: SocketLike | null = null;
  /** Bumped for every new socket, so handlers of an old socket do nothing. */
  private generation = 0;
  private attempt = 0;
  private online = true;
  private renewedThisRound = false;
  private readonly queue: SendQueue<ClientAction>;
  private readonly timers: NamedTimers<'retry' | 'handshake' | 'auth' | 'ping' | 'pong'>;
  private statusListeners = new Set<(s: ConnectionStatus) => void>();
  private eventListeners = new Set<(e: PbxEvent) => void>();
  private readonly t: Timers;
  private readonly now: () => number;
  private readonly random: () => number;
  status: ConnectionStatus;

  constructor(private readonly opts: ConnectionOptions) {
    this.t = opts.timers ?? systemTimers;
    this.queue = new SendQueue(this.t);
    this.timers = new NamedTimers(this.t);
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.status = { state: 'misconfigured', reason: 'cfgNoUrl', since: this.now() };
  }

  onStatus(fn: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  onEvent(fn: (e: PbxEvent) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  /** New settings. Reconnects only when the target or the credentials changed (the caller decides that). */
  configure(target: ConnectionTarget | { problem: ConfigProblem }): void {
    if ('problem' in target) {
      this.target = null;
      this.problem = target.problem;
      this.teardown();
      this.rejectQueue(target.problem);
      this.setStatus({ state: 'misconfigured', reason: target.problem });
      return;
    }
    this.target = target;
    this.problem = null;
    this.attempt = 0;
    this.renewedThisRound = false;
    void this.connect();
  }

  /** The user asked, or the browser came back online, or the watchdog found us idle. */
  retryNow(): void {
    if (!this.target) return;
    const s = this.status.state;
    if (s === 'connected' || s === 'connecting' || s === 'authenticating') return;
    this.attempt = 0;
    this.renewedThisRound = false;
    void this.connect();
  }

  /**
   * "Test connection": try now (unless already connected) and resolve with the outcome of that attempt, so the user
   * sees a real result rather than a status that may still change. Gives up waiting after `timeoutMs`.
   */
  test(timeoutMs: number): Promise<ConnectionStatus> {
    if (!this.target || this.status.state === 'connected') return Promise.resolve(this.status);
    const done = (s: ConnectionStatus): void => {
      off();
      outcome.resolve(s);
    };
    const outcome = deadline<ConnectionStatus>(this.t, timeoutMs, () => done(this.status));
    const off = this.onStatus((s) => {
      if (s.state !== 'connecting' && s.state !== 'authenticating') done(s);
    });
    this.retryNow();
    return outcome.promise;
  }

  /** Watchdog: reconnect if we should be connected but nothing is under way (e.g. a lost timer). */
  ensureAlive(): void {
    const s = this.status.state;
    if (s === 'auth-failed' || s === 'misconfigured') return;
    if (s === 'disconnected' && this.timers.isRunning('retry')) return;
    if (!this.socket) this.retryNow();
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (online) this.retryNow();
    else if (this.target) this.fail('reasonOffline', undefined, false);
  }

  stop(): void {
    this.target = null;
    this.teardown();
    this.rejectQueue('reasonNotConnected');
    this.setStatus({ state: 'disconnected', reason: 'reasonNotConnected' });
  }

  /** Sends now when connected; queues while connecting (until `timeoutMs`); refuses otherwise, with the reason. */
  send(frame: ClientAction, timeoutMs = 10_000): Promise<void> {
    const state = this.status.state;
    if (state === 'connected' && this.socket?.readyState === OPEN) {
      this.write(frame);
      return Promise.resolve();
    }
    if (state === 'connecting' || state === 'authenticating') {
      return this.queue.add(frame, timeoutMs, () => new NotConnectedError('reasonTimedOut'));
    }
    return Promise.reject(new NotConnectedError(this.status.reason ?? 'reasonNotConnected'));
  }

  private write(frame: ClientAction): void {
    this.socket?.send(encodeAction(frame));
    if (frame.action !== 'ping') this.opts.log.debug(`sent ${describeAction(frame)}`);
  }

  private setStatus(s: Omit<ConnectionStatus, 'since'>): void {
    this.status = { ...s, since: this.now() };
    for (const fn of this.statusListeners) fn(this.status);
  }

  /** Closes the socket (if any) and every timer; status is left to the caller. */
  private teardown(): void {
    this.timers.clearAll();
    const socket = this.socket;
    this.socket = null;
    this.generation++;
    if (socket) {
      // Its listeners check mine() and ignore whatever this socket still reports.
      try {
        socket.close(1000, 'closing');
      } catch {
        // a socket that never opened can refuse to close; it is dropped either way
      }
    }
  }

  private rejectQueue(reason: StatusReason): void {
    this.queue.rejectAll(() => new NotConnectedError(reason));
  }

  /** Drops the connection and schedules the next attempt (unless `retry` is false, e.g. offline). */
  private fail(reason: StatusReason, detail?: string, retry = true): void {
    this.teardown();
    if (!retry || !this.target) {
      this.rejectQueue(reason);
      this.setStatus(withDetail({ state: 'disconnected', reason }, detail));
      return;
    }
    const delay = backoffDelay(this.attempt++, this.random());
    const retryAt = this.now() + delay;
    this.setStatus({ ...withDetail({ state: 'disconnected', reason }, detail), retryAt });
    this.rejectQueue(reason);
    this.timers.start('retry', delay, () => void this.connect());
    this.opts.log.info(`connection: ${reason}${detail ? ` (${detail})` : ''}; retry in ${delay} ms`);
  }

  private authFailed(reason: StatusReason, detail?: string): void {
    this.teardown();
    this.rejectQueue(reason);
    this.setStatus(withDetail({ state: 'auth-failed', reason }, detail));
    this.opts.log.warn(`authentication failed: ${reason}${detail ? ` (${detail})` : ''}`);
  }

  private async connect(): Promise<void> {
    this.teardown();
    const target = this.target;
    if (!target) {
      this.setStatus({ state: 'misconfigured', reason: this.problem ?? 'cfgNoUrl' });
      return;
    }
    if (!this.online) {
      this.setStatus({ state: 'disconnected', reason: 'reasonOffline' });
      return;
    }
    const generation = this.generation;
    this.setStatus({ state: 'connecting' });
    let token: string;
    try {
      token = await target.tokens.current();
    } catch (e) {
      if (generation !== this.generation) return;
      if (e instanceof TokenError) {
        if (e.code === 'not-signed-in') return this.authFailed('reasonNotSignedIn');
        if (e.code === 'rejected') return this.authFailed('reasonSignInAgain', e.message);
        return this.fail('reasonRestUnreachable', e.message);
      }
      return this.fail('reasonRestUnreachable', errorMessage(e));
    }
    if (generation !== this.generation || this.target !== target) return;

    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(target.url);
    } catch (e) {
      return this.fail('reasonUnreachable', errorMessage(e));
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    const mine = () => this.socket === socket;
    let opened = false;
    this.timers.start(
      'handshake',
      this.opts.handshakeTimeoutMs ?? 10_000,
      () => mine() && this.fail('reasonHandshakeTimeout'),
    );

    socket.addEventListener('open', () => {
      if (!mine()) return;
      opened = true;
      this.timers.clear('handshake');
      this.setStatus({ state: 'authenticating' });
      this.write({ action: 'auth', token, identityType: target.identityType, identityValue: target.identityValue });
      this.timers.start('auth', this.opts.authTimeoutMs ?? 10_000, () => mine() && this.fail('reasonAuthTimeout'));
    });
    socket.addEventListener('message', (ev) => {
      if (mine()) this.receive(ev.data, target);
    });
    // A close event always follows an error, and the reason is decided there. The listener still matters: without
    // one, some WebSocket implementations (ws in Node) throw when a connecting socket is closed.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', (ev) => {
      if (!mine()) return;
      const state = this.status.state;
      const detail =
        ev.code && ev.code !== 1000 && ev.code !== 1005
          ? `code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}`
          : undefined;
      this.socket = null;
      if (!opened) this.fail('reasonUnreachable', detail);
      else if (state === 'authenticating') this.fail('reasonClosedDuringAuth', detail);
      else this.fail('reasonConnectionLost', detail);
    });
  }

  private receive(data: unknown, target: ConnectionTarget): void {
    // Any frame proves the connection is alive.
    this.timers.clear('pong');
    const decoded = decodeFrame(data);
    if (!decoded.ok) {
      this.opts.log.warn(`dropped a frame from the iPBX: ${decoded.reason}`);
      return;
    }
    const ev = decoded.event;
    switch (ev.event) {
      case 'auth':
        if (this.status.state !== 'authenticating') return;
        this.timers.clear('auth');
        if (ev.ok) {
          this.attempt = 0;
          this.renewedThisRound = false;
          this.setStatus(ev.line === undefined ? { state: 'connected' } : { state: 'connected', line: ev.line });
          this.opts.log.info('connected and authenticated');
          this.queue.flush((frame) => this.write(frame));
          this.schedulePing();
        } else {
          void this.onAuthRejected(target, ev.message);
        }
        return;
      case 'ping':
        this.socket?.send(PONG_FRAME);
        return;
      case 'pong':
        return;
      case 'unknown':
        logUnknownEventOnce(this.opts.log, ev.name);
        return;
      default:
        for (const fn of this.eventListeners) fn(ev);
    }
  }

  /** A refused token: renew it once (REST) and try again before telling the user. */
  private async onAuthRejected(target: ConnectionTarget, message: string): Promise<void> {
    const generation = this.generation;
    this.teardown();
    if (!this.renewedThisRound) {
      this.renewedThisRound = true;
      let renewed = false;
      try {
        renewed = await target.tokens.renew();
      } catch (e) {
        if (generation + 1 !== this.generation || this.target !== target) return;
        return this.fail('reasonRestUnreachable', errorMessage(e));
      }
      // teardown() bumped the generation once; anything else means settings changed meanwhile.
      if (generation + 1 !== this.generation || this.target !== target) return;
      if (renewed) {
        void this.connect();
        return;
      }
    }
    this.authFailed('reasonAuthRejected', message || undefined);
  }

  private schedulePing(): void {
    this.timers.start('ping', this.opts.pingIntervalMs ?? 20_000, () => {
      if (this.status.state !== 'connected' || !this.socket) return;
      this.write({ action: 'ping' });
      this.timers.start('pong', this.opts.pongTimeoutMs ?? 10_000, () => this.fail('reasonKeepaliveTimeout'));
      this.schedulePing();
    });
  }
}
