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
import { ConnectionSettings } from './connection-settings.ts';
import { testConnection } from './connection-test.ts';
import { CallRequests } from './call-requests.ts';
import { CallStatePersister } from './call-state-persister.ts';
import { Consultations } from './consultations.ts';
import { isOwnLineEvent } from './own-line.ts';
import { statusLogText } from './status-log-text.ts';
import { systemTimers, type Timers } from './timers.ts';
import type { FetchLike } from './token-request.ts';
import { probeDialects, type DialectAnswer } from './transport/probe.ts';
import type { Transports } from './transport/types.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { CallerInfo } from '../shared/caller.ts';
import type { Consultation, SignInRequest, Snapshot } from '../shared/messages.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import type { PbxEvent, TransferType } from '../shared/protocol.ts';
import type { Settings } from '../shared/settings.ts';
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

export class Engine {
  calls: CallState = EMPTY_CALL_STATE;
  /** Who is calling, per call (background/contacts), for the snapshot. */
  callerInfo: ((calls: CallState) => Record<string, CallerInfo>) | null = null;
  readonly connection: Connection;
  readonly ready: Promise<void>;
  private readonly connectionSettings: ConnectionSettings;
  private readonly requests: CallRequests;
  private readonly consulting: Consultations;
  private readonly persister: CallStatePersister;
  private readonly listeners = new Set<(c: EngineChange) => void>();
  private readonly now: () => number;
  private readonly storage: ItemStorage;
  private readonly timers: Timers;
  private markReady!: () => void;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.storage = deps.storage;
    const timers = deps.timers ?? systemTimers;
    this.timers = timers;
    this.persister = new CallStatePersister(deps.storage, deps.log, () => this.calls);
    this.consulting = new Consultations(deps.storage, () => this.emit(this.calls));
    const connectionLog = deps.connectionLog;
    this.connection = new Connection({
      ...deps.connection,
      transports: deps.transports,
      log: deps.log,
      ...(connectionLog ? { wire: (direction, dialect, text) => connectionLog.frame(direction, dialect, text) } : {}),
      timers,
      now: this.now,
    });
    this.connectionSettings = new ConnectionSettings(this.connection, deps.storage, {
      fetch: deps.fetch,
      log: deps.log,
      now: this.now,
      audit: connectionLog && ((text) => connectionLog.signIn(text)),
      onExpired: deps.onSignInExpired,
    });
    this.requests = new CallRequests({
      connection: this.connection,
      timers,
      now: this.now,
      log: deps.log,
      hasCall: (uniqueId) => this.calls.calls.has(uniqueId),
      dispatch: (action) => this.dispatch(action),
      consultations: this.consulting,
      onChange: () => this.emit(this.calls),
    });
    this.connection.onEvent((ev) => this.onPbxEvent(ev));
    let wasConnected = false;
    this.connection.onStatus((s) => {
      connectionLog?.status(statusLogText(s, this.connectionSettings.transport));
      if (wasConnected && s.state !== 'connected') this.requests.connectionLost();
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
      this.consulting.load(),
      storage.get(ITEMS.policy),
    ]);
    this.connectionSettings.restorePolicy(managed);
    this.calls = callReducer(restoreCallState(callState), { type: 'prune', now: this.now() });
    this.consulting.restore(consultations, (id) => this.calls.calls.has(id));
    await Promise.all([this.connectionSettings.moveLegacyTokens(), this.deps.connectionLog?.restore()]);
    this.markReady();
    this.applySettings(user);
  }

  /** In force: the user's settings with the administrator's policy on top. */
  get settings(): Settings {
    return this.connectionSettings.settings;
  }

  /** Attended transfers under way, by original call. */
  get consultations(): Consultation[] {
    return this.consulting.current;
  }

  onChange(fn: (c: EngineChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  snapshot(): Snapshot {
    const callNotPlaced = this.requests.notPlacedNotice();
    return {
      status: this.connection.status,
      calls: callList(this.calls),
      consultations: this.consultations,
      agents: queueAgentStates(this.calls),
      ...(this.callerInfo ? { callers: this.callerInfo(this.calls) } : {}),
      ...(callNotPlaced ? { callNotPlaced } : {}),
    };
  }

  /** The token the connection authenticates with (pasted, or the REST sign-in's), for other requests to the iPBX. */
  accessToken(): Promise<string> {
    return this.connectionSettings.accessToken();
  }

  /** A new administrator policy (storage.managed). */
  applyManagedPolicy(managed: unknown): void {
    this.connectionSettings.applyManagedPolicy(managed);
    this.emit(this.calls);
  }

  /** New user settings: reconnect only when the target or the credentials changed. */
  applySettings(user: Settings): void {
    this.connectionSettings.applySettings(user);
    this.emit(this.calls);
  }

  /** Called by the alarm: restart a connection the worker lost, refresh a token that is due, forget stale calls. */
  async watchdog(): Promise<void> {
    await this.connectionSettings.refreshIfDue();
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

  /** Places a call (CallRequests.originate: while disconnected, only if the iPBX answers in time). */
  originate(to: string): Promise<{ uniqueId?: string }> {
    return this.requests.originate(to);
  }

  hangup(uniqueId: string): Promise<void> {
    return this.requests.hangup(uniqueId);
  }

  transfer(uniqueId: string, to: string, type: TransferType): Promise<void> {
    return this.requests.transfer(uniqueId, to, type);
  }

  /** Signs in with e-mail and password (ConnectionSettings.signIn), then connects at once. */
  async signIn(request: SignInRequest): Promise<void> {
    await this.connectionSettings.signIn(request);
    this.retryNow();
  }

  /** Forgets every secret: the sign-in's tokens and a pasted token. */
  signOut(): Promise<void> {
    return this.connectionSettings.signOut();
  }

  private onPbxEvent(ev: PbxEvent): void {
    switch (ev.event) {
      case 'call': {
        if (!isOwnLineEvent(ev, this.connection.status.line)) {
          this.deps.log.warn(`ignored ${ev.type} ${ev.uniqueId}: event for line ${ev.line}`);
          return;
        }
        this.dispatch({ type: 'event', event: ev, at: this.now() });
        this.consulting.onCallEvent(ev);
        this.requests.onCallEvent(ev);
        return;
      }
      case 'agent':
        // The user's own state per queue; another line's event is not ours.
        if (!isOwnLineEvent(ev, this.connection.status.line)) return;
        this.dispatch({ type: 'event', event: ev, at: this.now() });
        return;
      case 'originateresponse':
      case 'error':
        this.requests.onReply(ev);
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
