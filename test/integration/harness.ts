/**
 * The engine with a fake browser API and real sockets, for integration tests against the real simulator.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Browser } from 'webextension-polyfill';
import { WebSocket } from 'ws';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { Engine } from '../../src/background/engine.ts';
import type { FetchLike } from '../../src/background/tokens.ts';
import type { Logger } from '../../src/shared/log.ts';
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

/**
 * The stored items as the test sees them. The IndexedDB (the REST tokens) is shared by the engines of one test (a
 * restarted worker finds them) and new for the next.
 */
export let storage = new ItemStorage({ browser, log });

export function newEngine(): Engine {
  const engine = new Engine({
    // Each engine opens the storage anew, as a restarted worker does.
    storage: new ItemStorage({ browser, log }),
    createSocket: (url) => new WebSocket(url),
    fetch: ((url, init) => fetch(url, init)) as FetchLike,
    log,
    connection: { handshakeTimeoutMs: 2_000, authTimeoutMs: 1_000 },
  });
  engines.push(engine);
  return engine;
}

export async function startWith(settings: Record<string, unknown>): Promise<Engine> {
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: settings });
  const engine = newEngine();
  await engine.start();
  return engine;
}

/** Stops every engine a test made. */
export function stopEngines(): void {
  for (const e of engines.splice(0)) e.connection.stop();
  globalThis.indexedDB = new IDBFactory();
  storage = new ItemStorage({ browser, log });
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
