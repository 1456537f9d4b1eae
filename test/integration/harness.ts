/**
 * The engine with a fake browser API and real sockets, for integration tests against the real simulator.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import { WebSocket } from 'ws';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { ConnectionLog } from '../../src/background/connection-log.ts';
import { Engine, type EngineDeps } from '../../src/background/engine.ts';
import type { FetchLike } from '../../src/background/tokens.ts';
import { socketIoTransport } from '../../src/background/transport/socket-io.ts';
import type { Transports } from '../../src/background/transport/types.ts';
import { websocketTransport } from '../../src/background/transport/websocket.ts';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import type { TransportKind } from '../../src/shared/transports.ts';
import type { Logger } from '../../src/shared/log.ts';
import type { SignInRequest } from '../../src/shared/messages.ts';
import { SETTINGS_KEY } from '../../src/shared/settings.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';

export const browser = fakeBrowser as unknown as Browser;
export const logs: string[] = [];
export const log: Logger = {
  debug: (m) => logs.push(`debug ${m}`),
  info: (m) => logs.push(`info ${m}`),
  warn: (m) => logs.push(`warn ${m}`),
  error: (m) => logs.push(`error ${m}`),
};

const engines: Engine[] = [];

/** Both dialects, for describe.each: every engine and fault test runs on each. */
export const DIALECTS: readonly TransportKind[] = ['websocket', 'socket.io'];

/** The real transports: ws in Node for the plain WebSocket, the official socket.io-client for Socket.IO. */
export function realTransports(): Transports {
  return { websocket: websocketTransport((url) => new WebSocket(url)), 'socket.io': socketIoTransport() };
}

/** The iPBX URL of the simulator in a dialect: /ws, or the Socket.IO path. */
export function pbxUrl(sim: Simulator, dialect: TransportKind): string {
  return dialect === 'websocket' ? sim.wsUrl : `ws://127.0.0.1:${sim.port}/socket.io/`;
}

/** What the simulator sends as one event in a dialect: a JSON frame, or a named Socket.IO emit (the event its name). */
export function sendEvent(sim: Simulator, dialect: TransportKind, frame: Record<string, unknown>): void {
  const { event, ...payload } = frame;
  if (dialect === 'websocket') sim.sendRaw(JSON.stringify(frame));
  else if (typeof event === 'string') sim.emitRaw(event, [payload]);
  else sim.emitRaw('event', [frame]);
}

/** The connection log of the engines made since the last stopEngines(). */
export let connectionLog = new ConnectionLog(null, log);
/** How often an engine asked the user to sign in again (its onSignInExpired), since the last stopEngines(). */
export const signInExpired = { count: 0 };
/**
 * The stored items as the test sees them. The IndexedDB (the REST tokens) is shared by the engines of one test (a
 * restarted worker finds them) and new for the next.
 */
export let storage = new ItemStorage({ browser, log });

export function newEngine(connection: EngineDeps['connection'] = {}): Engine {
  const engine = new Engine({
    // Each engine opens the storage anew, as a restarted worker does.
    storage: new ItemStorage({ browser, log }),
    transports: realTransports(),
    fetch: ((url, init) => fetch(url, init)) as FetchLike,
    log,
    connectionLog,
    onSignInExpired: () => {
      signInExpired.count++;
    },
    connection: { handshakeTimeoutMs: 2_000, authTimeoutMs: 1_000, ...connection },
  });
  engines.push(engine);
  return engine;
}

export async function startWith(
  settings: Record<string, unknown>,
  connection: EngineDeps['connection'] = {},
): Promise<Engine> {
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: settings });
  const engine = newEngine(connection);
  await engine.start();
  return engine;
}

/** Stops every engine a test made. */
export function stopEngines(): void {
  for (const e of engines.splice(0)) e.connection.stop();
  globalThis.indexedDB = new IDBFactory();
  storage = new ItemStorage({ browser, log });
  connectionLog = new ConnectionLog(null, log);
  signInExpired.count = 0;
}

export async function until<T>(read: () => T, ok: (v: T) => boolean, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const connected = (engine: Engine, timeoutMs = 5_000) =>
  until(
    () => engine.connection.status.state,
    (s) => s === 'connected',
    'connected',
    timeoutMs,
  );

/**
 * Each test starts from a clean fake browser and log, with a simulator that answers calls after 100 ms (`use` gets
 * it); after it, its engines stop and the simulator `current` gives then (a test may have restarted it) closes.
 */
export function simulatorPerTest(use: (sim: Simulator) => void, current: () => Simulator): void {
  beforeEach(async () => {
    fakeBrowser.reset();
    logs.length = 0;
    use(await startSimulator({ modes: { answerDelayMs: 100 } }));
  });
  afterEach(async () => {
    stopEngines();
    await current().close();
  });
}

/** What the options page sends to sign in, as alice, at the servers given (REST unless an OAuth URL is given). */
export function aliceSignIn(servers: Partial<SignInRequest>): SignInRequest {
  return {
    email: 'alice@example.com',
    password: 'alice-pass',
    restUrl: '',
    oauthTokenUrl: '',
    oauthClientId: 'api',
    oauthScope: 'openid profile',
    ...servers,
  };
}
