import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deadline, NamedTimers, systemTimers, type Timers } from '../../src/background/timers.ts';

type Outcome<T> = { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown };

function track<T>(p: Promise<T>): { readonly outcome: Outcome<T> } {
  const box: { outcome: Outcome<T> } = { outcome: { state: 'pending' } };
  p.then(
    (value) => (box.outcome = { state: 'resolved', value }),
    (error: unknown) => (box.outcome = { state: 'rejected', error }),
  );
  return box;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('systemTimers', () => {
  it('are the global timers, looked up when called (so fake timers apply)', () => {
    const fn = vi.fn();
    systemTimers.setTimeout(fn, 100);
    vi.advanceTimersByTime(99);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    const cancelled = vi.fn();
    systemTimers.clearTimeout(systemTimers.setTimeout(cancelled, 10));
    vi.advanceTimersByTime(100);
    expect(cancelled).not.toHaveBeenCalled();
  });
});

describe('deadline', () => {
  it('settled in time: the value wins and the timer is cleared', async () => {
    const onTimeout = vi.fn();
    const d = deadline<number>(systemTimers, 1_000, onTimeout);
    const seen = track(d.promise);
    expect(vi.getTimerCount()).toBe(1);
    d.resolve(7);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen.outcome).toEqual({ state: 'resolved', value: 7 });
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('rejected in time: the error wins and the timer is cleared', async () => {
    const onTimeout = vi.fn();
    const d = deadline<number>(systemTimers, 1_000, onTimeout);
    const seen = track(d.promise);
    const error = new Error('refused');
    d.reject(error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen.outcome).toEqual({ state: 'rejected', error });
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('not settled in time: onTimeout runs once, exactly at the deadline, and settles it', async () => {
    const onTimeout = vi.fn((d: { reject(e: Error): void }) => d.reject(new Error('too late')));
    const d = deadline<number>(systemTimers, 1_000, onTimeout);
    const seen = track(d.promise);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen.outcome.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(seen.outcome).toMatchObject({ state: 'rejected', error: { message: 'too late' } });
  });

  it('onTimeout may settle with a fallback value instead', async () => {
    const d = deadline<string>(systemTimers, 50, (x) => x.resolve('fallback'));
    const seen = track(d.promise);
    await vi.advanceTimersByTimeAsync(50);
    expect(seen.outcome).toEqual({ state: 'resolved', value: 'fallback' });
  });

  it('the first to settle wins; later calls change nothing', async () => {
    const d = deadline<number>(systemTimers, 1_000, (x) => x.resolve(-1));
    const seen = track(d.promise);
    d.resolve(1);
    d.resolve(2);
    d.reject(new Error('late'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(seen.outcome).toEqual({ state: 'resolved', value: 1 });
  });

  it('uses the timers it is given', () => {
    const started: number[] = [];
    const cleared: unknown[] = [];
    const timers: Timers = {
      setTimeout: (_fn, ms) => {
        started.push(ms);
        return 'handle-1';
      },
      clearTimeout: (h) => cleared.push(h),
    };
    const d = deadline<void>(timers, 250, (x) => x.resolve());
    expect(started).toEqual([250]);
    d.resolve();
    expect(cleared).toEqual(['handle-1']);
  });

  it('a timer that fires after the promise was settled (a timer that could not be cleared) does nothing', async () => {
    const started: (() => void)[] = [];
    const timers: Timers = {
      setTimeout: (fn) => started.push(fn),
      clearTimeout: () => undefined,
    };
    const onTimeout = vi.fn();
    const d = deadline<number>(timers, 10, onTimeout);
    d.resolve(3);
    expect(started).toHaveLength(1);
    for (const fire of started) fire();
    expect(onTimeout).not.toHaveBeenCalled();
    await expect(d.promise).resolves.toBe(3);
  });
});

describe('NamedTimers', () => {
  it('runs a timer once, after which it is no longer running', () => {
    const t = new NamedTimers<'a' | 'b'>(systemTimers);
    const fn = vi.fn();
    t.start('a', 100, fn);
    expect(t.isRunning('a')).toBe(true);
    expect(t.isRunning('b')).toBe(false);
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(t.isRunning('a')).toBe(false);
  });

  it('is not running any more while its own callback runs (so the callback may start it again)', () => {
    const t = new NamedTimers<'tick'>(systemTimers);
    const seen: boolean[] = [];
    const tick = (): void => {
      seen.push(t.isRunning('tick'));
      if (seen.length < 3) t.start('tick', 10, tick);
    };
    t.start('tick', 10, tick);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([false, false, false]);
  });

  it('starting a timer again replaces the one of that name', () => {
    const t = new NamedTimers<'a'>(systemTimers);
    const first = vi.fn();
    const second = vi.fn();
    t.start('a', 100, first);
    vi.advanceTimersByTime(50);
    t.start('a', 100, second);
    vi.advanceTimersByTime(100);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clear stops one timer, clearAll every timer', () => {
    const t = new NamedTimers<'a' | 'b' | 'c'>(systemTimers);
    const fns = { a: vi.fn(), b: vi.fn(), c: vi.fn() };
    t.start('a', 10, fns.a);
    t.start('b', 10, fns.b);
    t.start('c', 10, fns.c);
    t.clear('a');
    t.clear('a');
    expect(t.isRunning('a')).toBe(false);
    vi.advanceTimersByTime(10);
    expect(fns.a).not.toHaveBeenCalled();
    expect(fns.b).toHaveBeenCalledTimes(1);
    t.start('b', 10, fns.b);
    t.start('c', 10, fns.c);
    t.clearAll();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(fns.b).toHaveBeenCalledTimes(1);
    expect(fns.c).toHaveBeenCalledTimes(1);
  });
});
