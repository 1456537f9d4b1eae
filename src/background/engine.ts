/**
 * The background call engine: settings in, one connection, the call store, and the requests the UI makes.
 * It is free of browser globals: everything comes in through EngineDeps, so the integration tests run it in Node
 * against the real simulator with a fake browser API.
 */
import {
  callList,
  callReducer,
  EMPTY_CALL_STATE,
  encodeCallState,
  queueAgentStates,
  restoreCallState,
  type CallAction,
  type CallState,
} from './call-reducer.ts';
import { Connection, type ConnectionOptions, type SocketFactory } from './connection.ts';
import { callRequestError } from './request-errors.ts';
import { PendingRequests, RequestError, ORIGINATE_TIMEOUT_MS } from './requests.ts';
import { systemTimers, type Timers } from './timers.ts';
import {
  RestTokens,
  restLogin,
  staticToken,
  TokenError,
  type FetchLike,
  type TokenSource,
  type TokenStore,
} from './tokens.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { CallerInfo } from '../shared/caller.ts';
import type { Consultation, Snapshot } from '../shared/messages.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import type { CallEvent, PbxEvent, TransferType } from '../shared/protocol.ts';
import {
  applyManaged,
  connectionConfig,
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
  createSocket: SocketFactory;
  fetch: FetchLike;
  log: Logger;
  timers?: Timers;
  now?: () => number;
  connection?: Partial<Omit<ConnectionOptions, 'createSocket' | 'log'>>;
}

/** Calls before and after a change (status and settings changes come with the same calls twice). */
export interface EngineChange {
  prevCalls: CallState;
  calls: CallState;
}

/**
 * Under a flood of events, the call state is written at most this often. Each write also sends the old and the new
 * state to every extension context listening to storage.onChanged (the panel too), so a flood must not write often.
 */
const PERSIST_GAP_MS = 1000;
/** Events that arrive together (NewCall, then Ringing) are written together. */
const PERSIST_COALESCE_MS = 25;

/** Longer than the handshake and auth timeouts together, so a test ends with the attempt's own verdict. */
const TEST_CONNECTION_TIMEOUT_MS = 25_000;

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
  private active: ConnectionConfig | null = null;
  /** Where the connection's token comes from; other requests to the iPBX (its contact list) use the same. */
  private tokens: TokenSource | null = null;
  /** Who is calling, per call (background/caller-resolution.ts), for the snapshot. */
  callerInfo: ((calls: CallState) => Record<string, CallerInfo>) | null = null;
  private persisting: Promise<void> | null = null;
  private persistAgain = false;
  private markReady!: () => void;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.storage = deps.storage;
    const timers = deps.timers ?? systemTimers;
    this.requests = new PendingRequests(timers, this.now);
    this.connection = new Connection({
      ...deps.connection,
      createSocket: deps.createSocket,
      log: deps.log,
      timers,
      now: this.now,
    });
    this.connection.onEvent((ev) => this.onPbxEvent(ev));
    let wasConnected = false;
    this.connection.onStatus((s) => {
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
    await this.moveLegacyTokens();
    this.markReady();
    this.applySettings(user);
  }

  /** Earlier versions kept the REST tokens in storage.local, which Firefox lets content scripts read: move them. */
  private async moveLegacyTokens(): Promise<void> {
    const { storage } = this;
    try {
      if (!(await storage.has(ITEMS.legacyRestTokens))) return;
      const legacy = await storage.get(ITEMS.legacyRestTokens);
      if (legacy && !(await storage.get(ITEMS.restTokens))) await storage.set(ITEMS.restTokens, legacy);
      await storage.remove(ITEMS.legacyRestTokens);
    } catch (e) {
      this.deps.log.error(`could not move the sign-in tokens: ${errorMessage(e)}`);
    }
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
      const { auth } = cfg.config;
      this.tokens =
        auth.kind === 'token'
          ? staticToken(auth.token)
          : new RestTokens(auth.restUrl, this.tokenStore(), this.deps.fetch, this.now);
      this.connection.configure({
        url: cfg.config.url,
        identityType: cfg.config.identityType,
        identityValue: cfg.config.identityValue,
        tokens: this.tokens,
      });
    }
    this.emit(this.calls);
  }

  /** Called by the alarm: restart a connection the worker lost, refresh a token that is due, forget stale calls. */
  async watchdog(): Promise<void> {
    if (this.active?.auth.kind === 'rest') {
      await new RestTokens(this.active.auth.restUrl, this.tokenStore(), this.deps.fetch, this.now).refreshIfDue();
    }
    this.dispatch({ type: 'prune', now: this.now() });
    this.connection.ensureAlive();
  }

  retryNow(): void {
    this.connection.retryNow();
  }

  /** Retry now and wait for the outcome (the popup's Retry, the options page's Test connection). */
  testConnection(): Promise<ConnectionStatus> {
    return this.connection.test(TEST_CONNECTION_TIMEOUT_MS);
  }

  async originate(to: string): Promise<{ uniqueId?: string }> {
    if (!DIAL_STRING.test(to)) throw new RequestError('errInvalidNumber');
    const actionid = this.requests.nextActionId();
    const answer = this.requests.waitForOriginate(actionid);
    try {
      await this.connection.send({ action: 'originate', to, actionid }, ORIGINATE_TIMEOUT_MS);
    } catch (e) {
      this.requests.cancelOriginate(actionid, callRequestError(e));
    }
    return answer;
  }

  async hangup(uniqueId: string): Promise<void> {
    if (!this.calls.calls.has(uniqueId)) throw new RequestError('errNoSuchCall');
    const accepted = this.requests.waitForAccept('hangupcall', uniqueId);
    this.dispatch({ type: 'hangupRequested', uniqueId });
    try {
      await this.connection.send({ action: 'hangupcall', uniqueid: uniqueId });
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

  /** Signs in with the REST API; the password is passed on once and not kept. */
  async restLogin(restUrl: string, email: string, password: string): Promise<void> {
    // Trimmed like the stored settings, so the tokens belong to the URL the settings name.
    const tokens = await restLogin(this.deps.fetch, restUrl.trim(), email.trim(), password, this.now());
    await this.tokenStore().save(tokens);
    this.retryNow();
  }

  /** Forgets every secret: REST tokens and a pasted token. */
  async signOut(): Promise<void> {
    await this.tokenStore().save(null);
    await this.storage.update(ITEMS.settings, (settings) => ({ ...settings, token: '' }));
  }

  private tokenStore(): TokenStore {
    return {
      load: () => this.storage.get(ITEMS.restTokens),
      save: (t) => (t ? this.storage.set(ITEMS.restTokens, t) : this.storage.remove(ITEMS.restTokens)),
    };
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
    this.persist();
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

  /**
   * One write in flight at a time, always of the latest state. The first change after a quiet spell is written
   * within PERSIST_COALESCE_MS (a worker stopped right after a ring still knows the call); under a flood, writes are PERSIST_GAP_MS apart,
   * because each one converts the whole call state.
   */
  private persist(): void {
    if (this.persisting !== null) {
      this.persistAgain = true;
      return;
    }
    // The first write waits for the rest of the burst: the iPBX sends NewCall and Ringing back to back, and a worker
    // stopped within the gap after a write of NewCall alone would restore a call that never rang.
    this.persisting = new Promise<void>((resolve) => setTimeout(resolve, PERSIST_COALESCE_MS))
      .then(() => this.storage.set(ITEMS.callState, encodeCallState(this.calls)))
      .catch((e: unknown) => this.deps.log.error(`could not save calls: ${errorMessage(e)}`))
      .then(() => new Promise<void>((resolve) => (this.persistAgain ? setTimeout(resolve, PERSIST_GAP_MS) : resolve())))
      .finally(() => {
        this.persisting = null;
        if (this.persistAgain) {
          this.persistAgain = false;
          this.persist();
        }
      });
  }

  /** Resolves when the latest call state is in storage.session (tests, and before the worker may stop). */
  async flushed(): Promise<void> {
    while (this.persisting !== null) await this.persisting;
  }
}
