/**
 * The background call engine: settings in, one connection, the call store, and the requests the UI makes.
 * It is free of browser globals: everything comes in through EngineDeps, so the integration tests run it in Node
 * against the real simulator with a fake browser API.
 */
import type { Browser } from 'webextension-polyfill';
import { callList, callReducer, EMPTY_CALL_STATE, encodeCallState, queueAgentStates, restoreCallState, type CallAction, type CallState } from './call-reducer.ts';
import { Connection, NotConnectedError, type ConnectionOptions, type SocketFactory, type Timers } from './connection.ts';
import { PendingRequests, RequestError, ORIGINATE_TIMEOUT_MS } from './requests.ts';
import { indexedDbSecretStore, type SecretStore } from './secret-store.ts';
import { RestTokens, restLogin, staticToken, type FetchLike, type StoredTokens, type TokenStore } from './tokens.ts';
import type { Logger } from '../shared/log.ts';
import type { Consultation, Snapshot } from '../shared/messages.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import type { CallEvent, PbxEvent, TransferType } from '../shared/protocol.ts';
import { applyManaged, connectionConfig, migrateSettings, sameConnection, SETTINGS_KEY, type ConnectionConfig, type Settings } from '../shared/settings.ts';

/** storage.session: survives a stopped worker, gone when the browser quits, unreadable by content scripts. */
export const CALLS_KEY = 'callState';
/** storage.session: attended transfers under way, so a restarted worker still shows them. */
export const CONSULTATIONS_KEY = 'consultations';
/** The secret store's key for the tokens of the REST sign-in (earlier builds kept them in storage.local). */
export const TOKENS_KEY = 'restTokens';

export interface EngineDeps {
  browser: Browser;
  createSocket: SocketFactory;
  fetch: FetchLike;
  log: Logger;
  /** Where the REST tokens live; the extension origin's IndexedDB unless a test gives another. */
  secrets?: SecretStore;
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

/** Longer than the handshake and auth timeouts together, so a test ends with the attempt's own verdict. */
const TEST_CONNECTION_TIMEOUT_MS = 25_000;

/** What can be dialled: digits with an optional leading + and the * and # keys, as the dial rules produce. */
const DIAL_STRING = /^\+?[0-9*#]{1,32}$/;

function asStoredTokens(value: unknown): StoredTokens | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Partial<StoredTokens>;
  return typeof t.restUrl === 'string' &&
    typeof t.accessToken === 'string' &&
    typeof t.refreshToken === 'string' &&
    typeof t.issuedAt === 'number' &&
    typeof t.expiresAt === 'number'
    ? (t as StoredTokens)
    : null;
}

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
  private readonly secrets: SecretStore;
  private active: ConnectionConfig | null = null;
  private persisting: Promise<void> | null = null;
  private persistAgain = false;
  private markReady!: () => void;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.secrets = deps.secrets ?? indexedDbSecretStore();
    const timers = deps.timers ?? {
      setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.requests = new PendingRequests(timers, this.now);
    this.connection = new Connection({ ...deps.connection, createSocket: deps.createSocket, log: deps.log, timers, now: this.now });
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
    const { browser } = this.deps;
    const [local, session, managed] = await Promise.all([
      browser.storage.local.get(SETTINGS_KEY),
      browser.storage.session.get([CALLS_KEY, CONSULTATIONS_KEY]).catch(() => ({}) as Record<string, unknown>),
      // Firefox throws when no policy is installed.
      browser.storage.managed.get().catch(() => ({}) as Record<string, unknown>),
    ]);
    this.managed = managed;
    this.calls = callReducer(restoreCallState(session[CALLS_KEY]), { type: 'prune', now: this.now() });
    const consultations = session[CONSULTATIONS_KEY];
    this.consultations = Array.isArray(consultations)
      ? consultations.filter((c): c is Consultation => typeof c?.uniqueId === 'string' && typeof c?.to === 'string' && this.calls.calls.has(c.uniqueId))
      : [];
    await this.moveLegacyTokens();
    this.markReady();
    this.applySettings(migrateSettings(local[SETTINGS_KEY]));
  }

  /** Earlier versions kept the REST tokens in storage.local, which Firefox lets content scripts read: move them. */
  private async moveLegacyTokens(): Promise<void> {
    const { browser } = this.deps;
    try {
      const legacy = asStoredTokens((await browser.storage.local.get(TOKENS_KEY))[TOKENS_KEY]);
      if (legacy && !asStoredTokens(await this.secrets.get(TOKENS_KEY))) await this.secrets.set(TOKENS_KEY, legacy);
      await browser.storage.local.remove(TOKENS_KEY);
    } catch (e) {
      this.deps.log.error(`could not move the sign-in tokens: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  onChange(fn: (c: EngineChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  snapshot(): Snapshot {
    return { status: this.connection.status, calls: callList(this.calls), consultations: this.consultations, agents: queueAgentStates(this.calls) };
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
      this.connection.configure({ problem: cfg.problem });
    } else if (!this.active || !sameConnection(this.active, cfg.config)) {
      this.active = cfg.config;
      const { auth } = cfg.config;
      this.connection.configure({
        url: cfg.config.url,
        identityType: cfg.config.identityType,
        identityValue: cfg.config.identityValue,
        tokens: auth.kind === 'token' ? staticToken(auth.token) : new RestTokens(auth.restUrl, this.tokenStore(), this.deps.fetch, this.now),
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
      this.requests.cancelOriginate(actionid, this.asRequestError(e));
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
      this.requests.cancelAccept(uniqueId, this.asRequestError(e));
    }
    return accepted;
  }

  async transfer(uniqueId: string, to: string, type: TransferType): Promise<void> {
    if (!this.calls.calls.has(uniqueId)) throw new RequestError('errNoSuchCall');
    if (!DIAL_STRING.test(to)) throw new RequestError('errInvalidNumber');
    if (type !== 'blind' && type !== 'attended') throw new RequestError('errBadRequest');
    const accepted = this.requests.waitForAccept('transfer', uniqueId);
    if (type === 'attended') this.setConsultations([...this.consultations.filter((c) => c.uniqueId !== uniqueId), { uniqueId, to }]);
    try {
      await this.connection.send({ action: 'transfer', uniqueid: uniqueId, to, type, data: {} });
      await accepted;
    } catch (e) {
      if (type === 'attended') this.setConsultations(this.consultations.filter((c) => c.uniqueId !== uniqueId));
      throw this.asRequestError(e);
    }
  }

  private setConsultations(next: Consultation[]): void {
    this.consultations = next;
    void this.deps.browser.storage.session.set({ [CONSULTATIONS_KEY]: next }).catch(() => undefined);
    this.emit(this.calls);
  }

  /** Pairs a new outgoing call with the consultation it belongs to; ends consultations whose calls ended. */
  private trackConsultations(ev: CallEvent): void {
    if (this.consultations.length === 0) return;
    let changed = false;
    const next = this.consultations.flatMap((c): Consultation[] => {
      // A Hangup of either call ends it, and so does a completed attended transfer (AttendedTransfer).
      const ids = [ev.uniqueId, ev.targetUniqueId];
      if ((ev.type === 'hangup' || ev.type === 'attendedtransfer') && (ids.includes(c.uniqueId) || (c.consultId !== undefined && ids.includes(c.consultId)))) {
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
    const { browser } = this.deps;
    await this.tokenStore().save(null);
    const stored = await browser.storage.local.get(SETTINGS_KEY);
    await browser.storage.local.set({ [SETTINGS_KEY]: { ...migrateSettings(stored[SETTINGS_KEY]), token: '' } });
  }

  private tokenStore(): TokenStore {
    return {
      load: async () => asStoredTokens(await this.secrets.get(TOKENS_KEY)),
      save: (t) => this.secrets.set(TOKENS_KEY, t ?? undefined),
    };
  }

  private asRequestError(e: unknown): RequestError {
    if (e instanceof RequestError) return e;
    if (e instanceof NotConnectedError) return new RequestError(e.reason);
    return new RequestError('errInternal', e instanceof Error ? e.message : String(e));
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
        if (ev.line !== undefined && this.connection.status.line !== undefined && ev.line !== this.connection.status.line) return;
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
        this.deps.log.error(`change listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /**
   * One write in flight at a time, always of the latest state. The first change after a quiet spell is written at
   * once (a worker stopped right after a ring still knows the call); under a flood, writes are PERSIST_GAP_MS apart,
   * because each one converts the whole call state.
   */
  private persist(): void {
    if (this.persisting) {
      this.persistAgain = true;
      return;
    }
    this.persisting = this.deps.browser.storage.session
      .set({ [CALLS_KEY]: encodeCallState(this.calls) })
      .catch((e: unknown) => this.deps.log.error(`could not save calls: ${e instanceof Error ? e.message : String(e)}`))
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
    while (this.persisting) await this.persisting;
  }
}
