import { describe, it, expect } from 'vitest';
import { backoffDelay, BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../../src/background/backoff.ts';

describe('backoffDelay', () => {
  it('uses a 1 s base and a 30 s cap', () => {
    expect(BACKOFF_BASE_MS).toBe(1_000);
    expect(BACKOFF_CAP_MS).toBe(30_000);
  });

  it('attempt 0 is about one second (between 0.5 s and 1 s)', () => {
    expect(backoffDelay(0, 0)).toBe(500);
    expect(backoffDelay(0, 0.5)).toBe(750);
    expect(backoffDelay(0, 0.999_999)).toBe(1_000);
  });

  it('doubles with every attempt (same random)', () => {
    const delays = [0, 1, 2, 3, 4].map((a) => backoffDelay(a, 1));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, 0))).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
  });

  it('keeps the jitter within [exp/2, exp]', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      for (const random of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]) {
        const d = backoffDelay(attempt, random);
        expect(d).toBeGreaterThanOrEqual(exp / 2);
        expect(d).toBeLessThanOrEqual(exp);
      }
    }
  });

  it('grows monotonically with random fixed and with random rising', () => {
    let prev = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const d = backoffDelay(attempt, 0.3);
      expect(d).toBeGreaterThanOrEqual(prev);
      prev = d;
    }
    expect(backoffDelay(3, 0.2)).toBeLessThan(backoffDelay(3, 0.8));
  });

  it('is never above 30 s', () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      expect(backoffDelay(attempt, 0.999_999)).toBeLessThanOrEqual(30_000);
    }
    expect(backoffDelay(5, 1)).toBe(30_000);
    expect(backoffDelay(5, 0)).toBe(15_000);
  });

  it('is safe for negative and huge attempts', () => {
    expect(backoffDelay(-1, 1)).toBe(1_000);
    expect(backoffDelay(-1_000_000, 0)).toBe(500);
    expect(backoffDelay(-Infinity, 1)).toBe(1_000);
    expect(backoffDelay(1_000, 1)).toBe(30_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, 0)).toBe(15_000);
    expect(backoffDelay(Infinity, 1)).toBe(30_000);
  });

  it('clamps a random outside [0, 1]', () => {
    expect(backoffDelay(0, -5)).toBe(500);
    expect(backoffDelay(0, 7)).toBe(1_000);
  });

  it('returns whole milliseconds', () => {
    for (const random of [0.123, 0.456, 0.789]) expect(Number.isInteger(backoffDelay(2, random))).toBe(true);
  });

  it('honours a custom base and cap', () => {
    expect(backoffDelay(0, 1, 100, 1_000)).toBe(100);
    expect(backoffDelay(3, 1, 100, 1_000)).toBe(800);
    expect(backoffDelay(4, 1, 100, 1_000)).toBe(1_000);
  });
});
