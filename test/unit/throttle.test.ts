import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../src/background/throttle.ts';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first request at once and folds a burst into one run at the end of the gap', () => {
    const fn = vi.fn();
    const request = throttle(fn, 250, () => Date.now());
    request();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(20);
      request();
    }
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet spell', () => {
    const fn = vi.fn();
    const request = throttle(fn, 250, () => Date.now());
    request();
    vi.advanceTimersByTime(300);
    request();
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
