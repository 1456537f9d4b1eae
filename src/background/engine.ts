/**
 * The background call engine: settings in, one connection, the call store, and the requests the UI makes.
 * It is free of browser globals: everything comes in through EngineDeps, so the integration tests run it in Node
 * against the real simulator with a fake browser API.
 */
import {
  callList,
  callReducer,
  EMPTY_CALL_STATE,
  queueAgentStates,
  restoreCallState,
  type CallAction,
  type CallState,
} from './call-reducer.ts';
import { Connection, type ConnectionOptions } from './connection.ts';
import type { ConnectionLog } from './connection-log.ts';
import { testConnection } from './connection-test.ts';
import { CallStatePersister } from './call-state-persister.ts';
import { callNotPlaced, callRequestError } from './request-errors.ts';
import { PendingRequests, RequestError, requestErrorText } from './requests.ts';
import { SignIn } from './sign-in.ts';
import { statusLogText } from './status-log-text.ts';
import { systemTimers, type Timers } from './timers.ts';
import type { FetchLike } from './token-request.ts';
import { TokenError, type TokenSource } from './tokens.ts';
import { probeDialects, type DialectAnswer } from './transport/probe.ts';
import type { Transports } from './transport/types.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { CallerInfo } from '../shared/caller.ts';
import type { CallNotPlaced, Consultation, SignInRequest, Snapshot } from '../shared/messages.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import type { CallEvent, PbxEvent, TransferType } from '../shared/protocol.ts';
import {
  applyManaged,
  connectionConfig,
  emailSignIn,
  migrateSettings,
  sameConnection,
  type ConnectionConfig,
  type Settings,
} from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS } from '../shared/storage/items.ts';

export interface EngineDeps {
  /**
   * Settings and the policy in; the calls (storage.session: survives a stopped worker, gone when the browser quits,
   * unreadable by content scripts) and the REST tokens (the extension origin's IndexedDB) kept.
   */
  storage: ItemStorage;
  /** How to open each dialect (transport/websocket.ts, transport/socket-io.ts). */
  transports: Transports;
  fetch: FetchLike;
  log: Logger;
  /** Frames, status changes and sign-in attempts go here too (redacted there), when given. */
  connectionLog?: ConnectionLog;
  /** The refresh token died: tell the user to sign in again. */
  onSignInExpired?: () => void;
  timers?: Timers;
  now?: () => number;
  connection?: Partial<Omit<ConnectionOptions, 'transports' | 'log'>>;
}

/** Calls before and after a change (status and settings changes come with the same calls twice). */
export interface EngineChange {
  prevCalls: CallState;
  calls: CallState;
}

/** Longer than the handshake and auth timeouts together, so a test ends with the attempt's own verdict. */
const TEST_CONNECTION_TIMEOUT_MS = 25_000;

/** A call asked for while disconnected is placed only if the iPBX answers within this, never later (issue 15 §5). */
export const INTENT_WAIT_MS = 5_000;
/** How long the panel says that a call was not placed. */
const NOT_PLACED_SHOWN_MS = 5 * 60_000;

/** What can be dialled: digits with an optional leading + and the * and # keys, as the dial rules produce. */
const DIAL_STRING = /^\+?[0-9*#]{1,32}$/;

export class Engine {
  /** In force: the user's settings with the administrator's policy on top. */
  settings: Settings = migrateSettings(undefined);
  private userSettings: Settings = migrateSettings(undefined);
  private managed: unknown = {};
  calls: CallState = EMPTY_CALL_STATE;
  /** Attended transfers under way, by original call. */
  consultations: Consultation[] = [];
  readonly connection: Connection;
  readonly ready: Promise<void>;
  private readonly requests: PendingRequests;
  private readonly listeners = new Set<(c: EngineChange) => void>();
  private readonly now: () => number;
  private readonly storage: ItemStorage;
  private readonly timers: Timers;
  private readonly signIns: SignIn;
  private active: ConnectionConfig | null = null;
  /** Where the connection's token comes from; other requests to the iPBX (its contact list) use the same. The watchdog
   * refreshes it ahead of expiry. */
  private tokens: TokenSource | null = null;
  /** Who is calling, per call (background/contacts), for the snapshot. */
  callerInfo: ((calls: CallState) => Record<string, CallerInfo>) | null = null;
  /** The last call that could not be placed for want of a connection, for the panel. */
  private notPlaced: CallNotPlaced | null = null;
  private readonly persister: CallStatePersister;
  private markReady!: () => void;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.storage = deps.storage;
    const timers = deps.timers ?? systemTimers;
    this.timers = timers;
    this.persister = new CallStatePersister(deps.storage, deps.log, () => this.calls);
    this.requests = new PendingRequests(timers, this.now);
    const connectionLog = deps.connectionLog;
    this.signIns = new SignIn({
      storage: deps.storage,
      fetch: deps.fetch,
      log: deps.log,
      now: this.now,
      audit: connectionLog && ((text) => connectionLog.signIn(text)),
      onExpired: deps.onSignInExpired,
    });
    this.connection = new Connection({
      ...deps.connection,
      transports: deps.transports,
      log: deps.log,
      ...(connectionLog ? { wire: (direction, dialect, text) => connectionLog.frame(direction, dialect, text) } : {}),
      timers,
      now: this.now,
    });
    this.connection.onEvent((ev) => this.onPbxEvent(ev));
    let wasConnected = false;
    this.connection.onStatus((s) => {
      connectionLog?.status(statusLogText(s, this.active?.transport));
      if (wasConnected && s.state !== 'connected') this.requests.failAll(new RequestError('reasonConnectionLost'));
      wasConnected = s.state === 'connected';
      this.emit(this.calls);
    });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Restores the calls of a stopped worker, then connects with the stored settings. */
  async start(): Promise<void> {
    const { storage } = this;
    const [user, callState, consultations, managed] = await Promise.all([
      storage.get(ITEMS.settings),
      // A browser without storage.session starts with no calls rather than not at all.
      storage.get(ITEMS.callState).catch(() => null),
      storage.get(ITEMS.consultations).catch((): Consultation[] => []),
      storage.get(ITEMS.policy),
    ]);
    this.managed = managed;
    this.calls = callReducer(restoreCallState(callState), { type: 'prune', now: this.now() });
    this.consultations = consultations.filter((c) => this.calls.calls.has(c.uniqueId));
    await Promise.all([this.signIns.moveLegacyTokens(), this.deps.connectionLog?.restore()]);
    this.markReady();
    this.applySettings(user);
  }

  onChange(fn: (c: EngineChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  snapshot(): Snapshot {
    return {
      status: this.connection.status,
      calls: callList(this.calls),
      consultations: this.consultations,
      agents: queueAgentStates(this.calls),
      ...(this.callerInfo ? { callers: this.callerInfo(this.calls) } : {}),
      ...(this.notPlaced && this.now() - this.notPlaced.at < NOT_PLACED_SHOWN_MS
        ? { callNotPlaced: this.notPlaced }
        : {}),
    };
  }

  /** The token the connection authenticates with (pasted, or the REST sign-in's), for other requests to the iPBX. */
  accessToken(): Promise<string> {
    if (!this.tokens) return Promise.reject(new TokenError('not-signed-in', 'No iPBX sign-in'));
    return this.tokens.current();
  }

  /** A new administrator policy (storage.managed). */
  applyManagedPolicy(managed: unknown): void {
    this.managed = managed;
    this.applySettings(this.userSettings);
  }

  /** New user settings: reconnect only when the target or the credentials changed. */
  applySettings(user: Settings): void {
    this.userSettings = user;
    const settings = applyManaged(user, this.managed).settings;
    this.settings = settings;
    const cfg = connectionConfig(settings);
    if (!cfg.ok) {
      this.active = null;
      this.tokens = null;
      this.connection.configure({ problem: cfg.problem });
    } else if (!this.active || !sameConnection(this.active, cfg.config)) {
      this.active = cfg.config;
      const { url, transport, identityType, identityValue, auth } = cfg.config;
      this.tokens = this.signIns.tokens(auth);
      this.connection.configure({ url, transport, identityType, identityValue, tokens: this.tokens });
    }
    this.emit(this.calls);
  }

  /** Called by the alarm: restart a connection the worker lost, refresh a token that is due, forget stale calls. */
  async watchdog(): Promise<void> {
    await this.tokens?.refreshIfDue();
    this.dispatch({ type: 'prune', now: this.now() });
    this.connection.ensureAlive();
  }

  retryNow(): void {
    this.connection.retryNow();
  }

  /** The user needs the connection (the panel opened, a notification's button): skip the backoff wait. */
  retryOnIntent(): void {
    this.connection.retryOnIntent();
  }

  /** Retry now and wait for the outcome (the popup's Retry, the options page's Test connection). */
  testConnection(): Promise<ConnectionStatus> {
    return testConnection(this.connection, this.timers, TEST_CONNECTION_TIMEOUT_MS);
  }

  /** Which dialects answer at the iPBX URL in force ("Test connection"). */
  async probeDialects(): Promise<{ url: string; answered: DialectAnswer[] }> {
    const url = this.settings.pbxUrl;
    return { url, answered: url === '' ? [] : await probeDialects(url, this.deps.transports) };
  }

  /**
   * Places a call. While disconnected, the click is the user's intent: the connection is tried at once, and the call
   * goes out if the iPBX answers within INTENT_WAIT_MS; otherwise it fails now and is never placed later.
   */
  async originate(to: string): Promise<{ uniqueId?: string }> {
    if (!DIAL_STRING.test(to)) throw new RequestError('errInvalidNumber');
    const actionid = this.requests.nextActionId();
    const answer = this.requests.waitForOriginate(actionid);
    this.setNotPlaced(null);
    this.connection.retryOnIntent();
    try {
      await this.connection.send({ action: 'originate', to, actionid }, INTENT_WAIT_MS);
    } catch (e) {
      // Settings to fix or a refused sign-in say so as ever; a connection that did not come back says "not placed".
      const state = this.connection.status.state;
      const error = state === 'misconfigured' || state === 'auth-failed' ? callRequestError(e) : callNotPlaced(e);
      if (error.code === 'errCallNotPlaced' || error.code === 'errCallNotPlacedInTime') {
        this.setNotPlaced({ to, at: this.now(), text: requestErrorText(error.code, error.detail) });
      }
      this.requests.cancelOriginate(actionid, error);
    }
    return answer;
  }

  private setNotPlaced(next: CallNotPlaced | null): void {
    if (next === this.notPlaced) return;
    this.notPlaced = next;
    this.emit(this.calls);
  }

  async hangup(uniqueId: string): Promise<void> {
    if (!this.calls.calls.has(uniqueId)) throw new RequestError('errNoSuchCall');
    const accepted = this.requests.waitForAccept('hangupcall', uniqueId);
    this.dispatch({ type: 'hangupRequested', uniqueId });
    this.connection.retryOnIntent();
    try {
      await this.connection.send({ action: 'hangupcall', uniqueid: uniqueId }, INTENT_WAIT_MS);
    } catch (e) {
      this.requests.cancelAccept(uniqueId, callRequestError(e));
    }
    return accepted;
  }

  async transfer(uniqueId: string, to: string, type: TransferType): Promise<void> {
    if (!this.calls.calls.has(uniqueId)) throw new RequestError('errNoSuchCall');
    if (!DIAL_STRING.test(to)) throw new RequestError('errInvalidNumber');
    if (type !== 'blind' && type !== 'attended') throw new RequestError('errBadRequest');
    const accepted = this.requests.waitForAccept('transfer', uniqueId);
    if (type === 'attended')
      this.setConsultations([...this.consultations.filter((c) => c.uniqueId !== uniqueId), { uniqueId, to }]);
    try {
      await this.connection.send({ action: 'transfer', uniqueid: uniqueId, to, type, data: {} });
      await accepted;
    } catch (e) {
      if (type === 'attended') this.setConsultations(this.consultations.filter((c) => c.uniqueId !== uniqueId));
      throw callRequestError(e);
    }
  }

  private setConsultations(next: Consultation[]): void {
    this.consultations = next;
    void this.storage.set(ITEMS.consultations, next).catch(() => undefined);
    this.emit(this.calls);
  }

  /** Pairs a new outgoing call with the consultation it belongs to; ends consultations whose calls ended. */
  private trackConsultations(ev: CallEvent): void {
    if (this.consultations.length === 0) return;
    let changed = false;
    const next = this.consultations.flatMap((c): Consultation[] => {
      // A Hangup of either call ends it, and so does a completed attended transfer (AttendedTransfer).
      const ids = [ev.uniqueId, ev.targetUniqueId];
      if (
        (ev.type === 'hangup' || ev.type === 'attendedtransfer') &&
        (ids.includes(c.uniqueId) || (c.consultId !== undefined && ids.includes(c.consultId)))
      ) {
        changed = true;
        return [];
      }
      if (ev.type === 'ringing' && c.consultId === undefined && ev.uniqueId !== c.uniqueId && ev.to === c.to) {
        changed = true;
        return [{ ...c, consultId: ev.uniqueId }];
      }
      return [c];
    });
    if (changed) this.setConsultations(next);
  }

  /**
   * Signs in with e-mail and password: OAuth when the page's settings name a token URL, else the REST API. The
   * password is passed on once and not kept.
   */
  async signIn({ email, password, ...servers }: SignInRequest): Promise<void> {
    // Read like the stored settings (trimmed), so the tokens belong to the URL the settings will name.
    const auth = emailSignIn(migrateSettings({ ...this.settings, ...servers }));
    if (!auth) throw new RequestError('cfgNoAuth');
    await this.signIns.signIn(auth, email.trim(), password);
    this.retryNow();
  }

  /** Forgets every secret: the sign-in's tokens and a pasted token. */
  async signOut(): Promise<void> {
    await this.signIns.signOut();
    await this.storage.update(ITEMS.settings, (settings) => ({ ...settings, token: '' }));
  }

  private onPbxEvent(ev: PbxEvent): void {
    switch (ev.event) {
      case 'call': {
        const line = this.connection.status.line;
        // Another line's call is not ours to show (a misrouted event); internal calls carry our own line.
        if (ev.line !== undefined && line !== undefined && ev.line !== line && ev.from !== line && ev.to !== line) {
          this.deps.log.warn(`ignored ${ev.type} ${ev.uniqueId}: event for line ${ev.line}`);
          return;
        }
        this.dispatch({ type: 'event', event: ev, at: this.now() });
        this.trackConsultations(ev);
        this.requests.onCallEvent(ev);
        return;
      }
      case 'agent':
        // The user's own state per queue; another line's event is not ours.
        if (
          ev.line !== undefined &&
          this.connection.status.line !== undefined &&
          ev.line !== this.connection.status.line
        )
          return;
        this.dispatch({ type: 'event', event: ev, at: this.now() });
        return;
      case 'originateresponse':
        if (!this.requests.onOriginateResponse(ev.actionid, ev.ok, ev.message, ev.uniqueId)) {
          this.deps.log.debug(`originateresponse for unknown actionid ${ev.actionid}`);
        }
        return;
      case 'error':
        if (!this.requests.onError(ev.action, ev.message)) {
          this.deps.log.warn(`the iPBX reported an error: ${ev.message}${ev.action ? ` (${ev.action})` : ''}`);
        }
        return;
      default:
        return;
    }
  }

  private dispatch(action: CallAction): void {
    const prev = this.calls;
    const next = callReducer(prev, action);
    if (next === prev) return;
    this.calls = next;
    this.persister.persist();
    this.emit(prev);
  }

  private emit(prevCalls: CallState): void {
    const change: EngineChange = { prevCalls, calls: this.calls };
    for (const fn of this.listeners) {
      try {
        fn(change);
      } catch (e) {
        this.deps.log.error(`change listener failed: ${errorMessage(e)}`);
      }
    }
  }

  /** Resolves when the latest call state is in storage.session (tests, and before the worker may stop). */
  flushed(): Promise<void> {
    return this.persister.flushed();
  }
}
