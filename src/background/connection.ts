/**
 * The one connection to the iPBX, in either dialect (transport/): connect, authenticate, keep alive, reconnect with
 * backoff, and queue requests made while connecting. One state machine for both: a dialect only opens, carries
 * frames through the one codec and tells when it closed. It knows frames and status, not calls; the engine turns its
 * events into call state.
 */
import { backoffDelay } from './backoff.ts';
import { SendQueue } from './send-queue.ts';
import { NamedTimers, systemTimers } from './timers.ts';
export { NotConnectedError, type ConnectionOptions, type ConnectionTarget, type WireTap } from './connection-types.ts';
import { tokenVerdict } from './tokens.ts';
import type { Transport } from './transport/types.ts';
import {
  isBusy,
  NotConnectedError,
  withDetail,
  type ConnectionOptions,
  type ConnectionTarget,
} from './connection-types.ts';
import { errorMessage } from '../shared/errors.ts';
import {
  describeAction,
  logUnknownEventOnce,
  type ClientAction,
  type Decoded,
  type PbxEvent,
} from '../shared/protocol.ts';
import type { ConfigProblem } from '../shared/settings.ts';
import type { ConnectionStatus, StatusReason } from '../shared/status.ts';

export class Connection {
  private target: ConnectionTarget | null = null;
  private problem: ConfigProblem | null = 'cfgNoUrl';
  private transport: Transport | null = null;
  /** Bumped for every attempt, so that a token arriving for an older one is dropped. */
  private generation = 0;
  private attempt = 0;
  private online = true;
  private renewedThisRound = false;
  private readonly queue: SendQueue<ClientAction>;
  private readonly timers: NamedTimers<'retry' | 'handshake' | 'auth' | 'ping' | 'pong'>;
  private statusListeners = new Set<(s: ConnectionStatus) => void>();
  private eventListeners = new Set<(e: PbxEvent) => void>();
  private readonly now: () => number;
  status: ConnectionStatus;

  constructor(private readonly opts: ConnectionOptions) {
    const timers = opts.timers ?? systemTimers;
    this.queue = new SendQueue(timers);
    this.timers = new NamedTimers(timers);
    this.now = opts.now ?? Date.now;
    this.status = { state: 'misconfigured', reason: 'cfgNoUrl', since: this.now() };
  }

  /** Whether there is something to connect to (the settings are complete). */
  get configured(): boolean {
    return this.target !== null;
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

  /** The user asked (Retry, Test connection), or the browser came back online, or the watchdog found us idle. */
  retryNow(): void {
    if (!this.target || isBusy(this.status)) return;
    this.attempt = 0;
    this.renewedThisRound = false;
    void this.connect();
  }

  /**
   * The user needs the connection (opened the panel, clicked a number, a notification's button): while waiting for
   * the next automatic attempt, make it now. The backoff count stays, so a failure waits as long as it would have;
   * an attempt under way, a refused sign-in and an offline browser are left alone.
   */
  retryOnIntent(): void {
    if (this.target && this.online && this.status.state === 'disconnected') void this.connect();
  }

  /** Watchdog: reconnect if we should be connected but nothing is under way (e.g. a lost timer). */
  ensureAlive(): void {
    const s = this.status.state;
    if (s === 'auth-failed' || s === 'misconfigured') return;
    if (s === 'disconnected' && this.timers.isRunning('retry')) return;
    if (!this.transport) this.retryNow();
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
    if (this.status.state === 'connected' && this.transport) {
      this.write(frame);
      return Promise.resolve();
    }
    if (isBusy(this.status)) return this.queue.add(frame, timeoutMs, () => new NotConnectedError('reasonTimedOut'));
    return Promise.reject(new NotConnectedError(this.status.reason ?? 'reasonNotConnected'));
  }

  private write(frame: ClientAction): void {
    const { transport, target } = this;
    if (!transport || !target) return;
    const wire = transport.send(frame);
    this.opts.wire?.('out', target.transport, wire);
    if (frame.action !== 'ping') this.opts.log.debug(`sent ${describeAction(frame)}`);
  }

  private setStatus(s: Omit<ConnectionStatus, 'since'>): void {
    this.status = { ...s, since: this.now() };
    for (const fn of this.statusListeners) fn(this.status);
  }

  /** Closes the transport (if any) and every timer; status is left to the caller. */
  private teardown(): void {
    this.timers.clearAll();
    const transport = this.transport;
    this.transport = null;
    this.generation++;
    transport?.close();
  }

  private rejectQueue(reason: StatusReason): void {
    this.queue.rejectAll(() => new NotConnectedError(reason));
  }

  /** Drops the connection and schedules the next attempt (unless `retry` is false, e.g. offline). */
  private fail(reason: StatusReason, detail?: string, retry = true): void {
    this.teardown();
    this.rejectQueue(reason);
    if (!retry || !this.target) {
      this.setStatus(withDetail({ state: 'disconnected', reason }, detail));
      return;
    }
    const delay = backoffDelay(this.attempt++, (this.opts.random ?? Math.random)());
    this.setStatus({ ...withDetail({ state: 'disconnected', reason }, detail), retryAt: this.now() + delay });
    this.timers.start('retry', delay, () => void this.connect());
    this.opts.log.info(`connection: ${reason}${detail ? ` (${detail})` : ''}; retry in ${delay} ms`);
  }

  private authFailed(reason: StatusReason, detail?: string): void {
    this.teardown();
    this.rejectQueue(reason);
    this.setStatus(withDetail({ state: 'auth-failed', reason }, detail));
    this.opts.log.warn(`authentication failed: ${reason}${detail ? ` (${detail})` : ''}`);
  }

  /** A token could not be had: stop and tell the user, or try again later (tokens.ts decides which). */
  private tokenFailed(e: unknown): void {
    const verdict = tokenVerdict(e);
    if ('stop' in verdict) this.authFailed(verdict.stop, verdict.detail);
    else this.fail(verdict.retry, errorMessage(e));
  }

  private async connect(): Promise<void> {
    this.teardown();
    const target = this.target;
    if (!target) return this.setStatus({ state: 'misconfigured', reason: this.problem ?? 'cfgNoUrl' });
    if (!this.online) return this.setStatus({ state: 'disconnected', reason: 'reasonOffline' });
    const generation = this.generation;
    this.setStatus({ state: 'connecting' });
    let token: string;
    try {
      token = await target.tokens.current();
    } catch (e) {
      if (generation === this.generation) this.tokenFailed(e);
      return;
    }
    if (generation !== this.generation || this.target !== target) return;
    const dialect = target.transport;
    const mine = () => generation === this.generation;
    this.timers.start('handshake', this.opts.handshakeTimeoutMs ?? 10_000, () => this.fail('reasonHandshakeTimeout'));
    try {
      this.transport = this.opts.transports[dialect](target.url, {
        opened: () => {
          if (!mine()) return;
          this.timers.clear('handshake');
          this.setStatus({ state: 'authenticating' });
          const { identityType, identityValue } = target;
          this.write({ action: 'auth', token, identityType, identityValue });
          this.timers.start('auth', this.opts.authTimeoutMs ?? 10_000, () => this.fail('reasonAuthTimeout'));
        },
        received: (decoded, wire) => {
          if (!mine()) return;
          this.opts.wire?.('in', dialect, wire);
          this.receive(decoded, target);
        },
        closed: (opened, detail) => {
          if (!mine()) return;
          this.transport = null;
          if (!opened) this.fail('reasonUnreachable', detail);
          else this.fail(isBusy(this.status) ? 'reasonClosedDuringAuth' : 'reasonConnectionLost', detail);
        },
      });
    } catch (e) {
      this.fail('reasonUnreachable', errorMessage(e));
    }
  }

  private receive(decoded: Decoded, target: ConnectionTarget): void {
    // Any frame proves the connection is alive.
    this.timers.clear('pong');
    if (!decoded.ok) {
      this.opts.log.warn(`dropped a frame from the iPBX: ${decoded.reason}`);
      return;
    }
    const ev = decoded.event;
    switch (ev.event) {
      case 'auth':
        if (this.status.state !== 'authenticating') return;
        this.timers.clear('auth');
        if (!ev.ok) return void this.onAuthRejected(target, ev.message);
        this.attempt = 0;
        this.renewedThisRound = false;
        this.setStatus(ev.line === undefined ? { state: 'connected' } : { state: 'connected', line: ev.line });
        this.opts.log.info(`connected and authenticated over ${target.transport}`);
        this.queue.flush((frame) => this.write(frame));
        this.schedulePing();
        return;
      case 'ping': {
        const pong = this.transport?.pong();
        if (pong !== undefined) this.opts.wire?.('out', target.transport, pong);
        return;
      }
      case 'pong':
        return;
      case 'unknown':
        logUnknownEventOnce(this.opts.log, ev.name);
        return;
      default:
        for (const fn of this.eventListeners) fn(ev);
    }
  }

  /** A refused token: renew it once and try again before telling the user. */
  private async onAuthRejected(target: ConnectionTarget, message: string): Promise<void> {
    this.teardown();
    const generation = this.generation;
    if (!this.renewedThisRound) {
      this.renewedThisRound = true;
      let renewed: boolean;
      try {
        renewed = await target.tokens.renew();
      } catch (e) {
        if (generation === this.generation && this.target === target) this.tokenFailed(e);
        return;
      }
      // Anything else than this generation means the settings changed meanwhile.
      if (generation !== this.generation || this.target !== target) return;
      if (renewed) return void this.connect();
    }
    this.authFailed('reasonAuthRejected', message || undefined);
  }

  private schedulePing(): void {
    this.timers.start('ping', this.opts.pingIntervalMs ?? 20_000, () => {
      if (this.status.state !== 'connected' || !this.transport) return;
      this.write({ action: 'ping' });
      this.timers.start('pong', this.opts.pongTimeoutMs ?? 10_000, () => this.fail('reasonKeepaliveTimeout'));
      this.schedulePing();
    });
  }
}
