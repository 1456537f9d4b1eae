/**
 * The connection log (src/background/connection-log.ts, connection-log-ports.ts): the newest 500 entries, redacted
 * before they are kept, in storage.session at most every PERSIST_MS, to watchers at most every PUSH_MS, and only to
 * our own extension pages. Under a flood of 1,000 frames a second it stays cheap and keeps the newest.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import browser, { type Runtime } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionLog, PERSIST_MS, PUSH_MS } from '../../src/background/connection-log.ts';
import { ConnectionLogPorts } from '../../src/background/connection-log-ports.ts';
import type { SnapshotPort } from '../../src/background/snapshot-ports.ts';
import { CONNECTION_LOG_PORT, MAX_LOG_ENTRIES, type LogPortMessage } from '../../src/shared/connection-log.ts';
import { createLogger } from '../../src/shared/log.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';
import { ITEMS } from '../../src/shared/storage/items.ts';

const log = createLogger('test', { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
const storage = () => new ItemStorage({ browser, log });

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectionLog', () => {
  it('keeps frames, status changes and sign-ins, oldest first, redacted, with rising sequence numbers', () => {
    const cl = new ConnectionLog(null, log);
    cl.status('Connecting… (socket.io)');
    cl.frame('out', 'socket.io', '["auth",{"token":"at-secret","identityType":"login","identityValue":"alice"}]');
    cl.frame('in', 'socket.io', '["auth",{"status":"ok","line":"444"}]');
    cl.signIn('OAuth password grant: POST https://a/token grant_type=password&password=pw-secret → HTTP 200 {}');
    const entries = cl.entries();
    expect(entries.map((e) => [e.seq, e.kind, e.dialect])).toEqual([
      [1, 'status', undefined],
      [2, 'out', 'socket.io'],
      [3, 'in', 'socket.io'],
      [4, 'sign-in', undefined],
    ]);
    expect(entries[1]?.text).toBe('["auth",{"token":"***","identityType":"login","identityValue":"alice"}]');
    expect(JSON.stringify(entries)).not.toMatch(/at-secret|pw-secret/);
  });

  it('under a flood of 1,000 frames keeps the newest 500, in order, quickly', () => {
    const cl = new ConnectionLog(null, log);
    const started = performance.now();
    for (let i = 1; i <= 1_250; i++) {
      cl.frame(
        'in',
        'websocket',
        `{"event":"Ringing","uniqueId":"1.${i}","from":"777","to":"444","direction":"incoming"}`,
      );
    }
    const elapsed = performance.now() - started;
    const entries = cl.entries();
    expect(entries).toHaveLength(MAX_LOG_ENTRIES);
    expect(entries[0]?.seq).toBe(751);
    expect(entries.at(-1)?.seq).toBe(1_250);
    expect(entries.at(-1)?.text).toContain('"uniqueId":"1.1250"');
    // Generous: a second's worth of a flood must cost a small part of that second.
    expect(elapsed).toBeLessThan(250);
  });

  it('writes storage.session at most every PERSIST_MS, always the latest log', async () => {
    const store = storage();
    const set = vi.spyOn(store, 'set');
    const cl = new ConnectionLog(store, log);
    await cl.restore();
    for (let i = 0; i < 1_000; i++) cl.frame('in', 'websocket', `{"event":"pong","n":${i}}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(set).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 1_000; i++) cl.frame('in', 'websocket', `{"event":"pong","m":${i}}`);
    await vi.advanceTimersByTimeAsync(PERSIST_MS - 1);
    expect(set).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(set).toHaveBeenCalledTimes(2);
    const kept = await store.get(ITEMS.connectionLog);
    expect(kept).toHaveLength(MAX_LOG_ENTRIES);
    expect(kept.at(-1)?.text).toBe('{"event":"pong","m":999}');
  });

  it('a restarted worker takes back what the stopped one kept, and numbers on from there', async () => {
    const first = new ConnectionLog(storage(), log);
    await first.restore();
    first.status('Connected, line 444 (websocket)');
    first.frame('out', 'websocket', '{"action":"ping"}');
    await first.flush();
    const second = new ConnectionLog(storage(), log);
    second.status('Connecting… (websocket)');
    await second.restore();
    expect(second.entries().map((e) => [e.seq, e.text])).toEqual([
      [1, 'Connected, line 444 (websocket)'],
      [2, '{"action":"ping"}'],
      [3, 'Connecting… (websocket)'],
    ]);
  });

  it('watchers hear of new entries at most every PUSH_MS, and read what they have not seen', async () => {
    const cl = new ConnectionLog(null, log);
    cl.frame('in', 'websocket', 'before anyone watched');
    let calls = 0;
    const stop = cl.watch(() => calls++);
    for (let i = 0; i < 10; i++) cl.frame('in', 'websocket', `{"n":${i}}`);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(PUSH_MS - 1);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    expect(cl.since(9).map((e) => e.seq)).toEqual([10, 11]);
    stop();
    cl.frame('in', 'websocket', 'after');
    await vi.advanceTimersByTimeAsync(PUSH_MS * 2);
    expect(calls).toBe(2);
  });

  it('nothing is written to storage.session before the stopped worker’s log is read back', async () => {
    const store = storage();
    const set = vi.spyOn(store, 'set');
    const cl = new ConnectionLog(store, log);
    cl.status('Connecting…');
    await vi.advanceTimersByTimeAsync(PERSIST_MS * 2);
    expect(set).not.toHaveBeenCalled();
    await cl.restore();
    await vi.advanceTimersByTimeAsync(0);
    expect(set).toHaveBeenCalledTimes(1);
  });
});

type Listener = (...args: unknown[]) => void;

function fakePort(name: string, sender: Runtime.MessageSender) {
  const disconnects: Listener[] = [];
  const posted: LogPortMessage[] = [];
  const port = {
    name,
    sender,
    disconnect: vi.fn(),
    postMessage: vi.fn((m: LogPortMessage) => void posted.push(m)),
    onDisconnect: { addListener: (fn: Listener) => void disconnects.push(fn) },
  };
  return {
    port: port as unknown as SnapshotPort,
    posted,
    close: () => {
      for (const fn of disconnects) fn();
    },
  };
}

describe('ConnectionLogPorts', () => {
  const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
  const OPTIONS = { id: 'ext-id', url: 'chrome-extension://ext-id/src/options/index.html' };

  it('an options page gets the whole log, then batches, until it closes the port', async () => {
    const cl = new ConnectionLog(null, log);
    cl.status('Connected');
    const ports = new ConnectionLogPorts(cl, Promise.resolve(), EXT);
    const { port, posted, close } = fakePort(CONNECTION_LOG_PORT, OPTIONS);
    ports.connect(port);
    await vi.advanceTimersByTimeAsync(0);
    expect(posted).toEqual([{ type: 'all', entries: [expect.objectContaining({ seq: 1, text: 'Connected' })] }]);
    cl.frame('in', 'websocket', '{"event":"pong"}');
    await vi.advanceTimersByTimeAsync(PUSH_MS);
    expect(posted.at(-1)).toEqual({ type: 'added', entries: [expect.objectContaining({ seq: 2 })] });
    close();
    cl.frame('in', 'websocket', '{"event":"pong"}');
    await vi.advanceTimersByTimeAsync(PUSH_MS * 2);
    expect(posted).toHaveLength(2);
  });

  it('a content script (or anyone else) is refused; other ports are left alone', async () => {
    const cl = new ConnectionLog(null, log);
    cl.frame('out', 'websocket', '{"action":"auth","token":"t"}');
    const ports = new ConnectionLogPorts(cl, Promise.resolve(), EXT);
    const content = fakePort(CONNECTION_LOG_PORT, {
      id: 'ext-id',
      url: 'https://example.com/',
      tab: { id: 1 } as never,
    });
    ports.connect(content.port);
    const stranger = fakePort(CONNECTION_LOG_PORT, { id: 'other', url: 'chrome-extension://other/x.html' });
    ports.connect(stranger.port);
    const snapshot = fakePort('ipbx-snapshot', OPTIONS);
    ports.connect(snapshot.port);
    await vi.advanceTimersByTimeAsync(PUSH_MS);
    expect(content.port.disconnect).toHaveBeenCalled();
    expect(stranger.port.disconnect).toHaveBeenCalled();
    expect(snapshot.port.disconnect).not.toHaveBeenCalled();
    expect([...content.posted, ...stranger.posted, ...snapshot.posted]).toEqual([]);
  });
});
