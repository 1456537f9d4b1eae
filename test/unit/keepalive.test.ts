/**
 * The Firefox event-page keepalive (src/background/keepalive.ts): one cheap parent-process call (getPlatformInfo)
 * every KEEPALIVE_PERIOD_MS while connected, nothing otherwise; stoppable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEEPALIVE_PERIOD_MS, keepEventPageAlive, type StatusSource } from '../../src/background/keepalive.ts';
import type { ConnectionState, ConnectionStatus } from '../../src/shared/status.ts';

/** A connection whose status the test sets. */
class FakeConnection implements StatusSource {
  status: ConnectionStatus;
  readonly listeners = new Set<(s: ConnectionStatus) => void>();

  constructor(state: ConnectionState) {
    this.status = { state, since: Date.now() };
  }

  onStatus(fn: (s: ConnectionStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(state: ConnectionState): void {
    this.status = { state, since: Date.now() };
    for (const fn of this.listeners) fn(this.status);
  }
}

function fakeRuntime(result: () => Promise<unknown> = () => Promise.resolve({ os: 'linux', arch: 'x86-64' })) {
  const getPlatformInfo = vi.fn(result);
  return { browser: { runtime: { getPlatformInfo } } as never, getPlatformInfo };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('keepEventPageAlive', () => {
  it('keeps the period below Firefox’s 30 s idle timeout', () => {
    expect(KEEPALIVE_PERIOD_MS).toBeLessThan(30_000);
    expect(KEEPALIVE_PERIOD_MS).toBe(20_000);
  });

  it('while connected, calls runtime.getPlatformInfo once per period', () => {
    const { browser, getPlatformInfo } = fakeRuntime();
    const conn = new FakeConnection('connected');
    keepEventPageAlive(browser, conn);
    expect(getPlatformInfo).not.toHaveBeenCalled();
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS - 1);
    expect(getPlatformInfo).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(getPlatformInfo).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS * 3);
    expect(getPlatformInfo).toHaveBeenCalledTimes(4);
  });

  it.each(['disconnected', 'connecting', 'authenticating', 'auth-failed', 'misconfigured'] as const)(
    'while %s, calls nothing: the page may idle out',
    (state) => {
      const { browser, getPlatformInfo } = fakeRuntime();
      keepEventPageAlive(browser, new FakeConnection(state));
      vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS * 5);
      expect(getPlatformInfo).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('follows the status: starts on connected, stops on any other state, starts again', () => {
    const { browser, getPlatformInfo } = fakeRuntime();
    const conn = new FakeConnection('connecting');
    keepEventPageAlive(browser, conn);
    conn.set('authenticating');
    conn.set('connected');
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS * 2);
    expect(getPlatformInfo).toHaveBeenCalledTimes(2);
    conn.set('disconnected');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS * 5);
    expect(getPlatformInfo).toHaveBeenCalledTimes(2);
    conn.set('connected');
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS);
    expect(getPlatformInfo).toHaveBeenCalledTimes(3);
  });

  it('a repeated connected status does not start a second timer', () => {
    const { browser, getPlatformInfo } = fakeRuntime();
    const conn = new FakeConnection('connected');
    keepEventPageAlive(browser, conn);
    conn.set('connected');
    conn.set('connected');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS);
    expect(getPlatformInfo).toHaveBeenCalledTimes(1);
  });

  it('a failing getPlatformInfo is swallowed, and the keepalive goes on', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { browser, getPlatformInfo } = fakeRuntime(() =>
        Promise.reject(new Error('extension context invalidated')),
      );
      keepEventPageAlive(browser, new FakeConnection('connected'));
      vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS * 2);
      await vi.runAllTicks();
      await Promise.resolve();
      expect(getPlatformInfo).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
      await new Promise((r) => setTimeout(r, 0));
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('the returned function stops the timer and unsubscribes from the status', () => {
    const { browser, getPlatformInfo } = fakeRuntime();
    const conn = new FakeConnection('connected');
    const stop = keepEventPageAlive(browser, conn);
    expect(conn.listeners.size).toBe(1);
    stop();
    expect(conn.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    conn.set('connected');
    vi.advanceTimersByTime(KEEPALIVE_PERIOD_MS * 3);
    expect(getPlatformInfo).not.toHaveBeenCalled();
  });

  it('uses the timers it is given', () => {
    const { browser, getPlatformInfo } = fakeRuntime();
    const ticks: (() => void)[] = [];
    const timers = {
      setInterval: vi.fn((fn: () => void, ms: number) => {
        expect(ms).toBe(KEEPALIVE_PERIOD_MS);
        ticks.push(fn);
        return 'handle-1';
      }),
      clearInterval: vi.fn(),
    };
    const conn = new FakeConnection('connected');
    const stop = keepEventPageAlive(browser, conn, timers);
    expect(timers.setInterval).toHaveBeenCalledTimes(1);
    ticks[0]!();
    expect(getPlatformInfo).toHaveBeenCalledTimes(1);
    conn.set('disconnected');
    expect(timers.clearInterval).toHaveBeenCalledWith('handle-1');
    stop();
    expect(timers.clearInterval).toHaveBeenCalledTimes(1);
  });
});
