/** Confirmations waiting for the user (src/background/call-guard/pending.ts): unguessable, single use, 60 s. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIRM_TTL_MS, PendingStore, type Entry } from '../../../src/background/call-guard/pending.ts';
import { systemTimers } from '../../../src/background/timers.ts';

interface Waiting extends Entry {
  dial: string;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function store() {
  const expired: Waiting[] = [];
  const s = new PendingStore<Waiting>(systemTimers, Date.now);
  const add = (dial: string) =>
    s.add(
      (id, expiresAt) => ({ id, expiresAt, dial }),
      (e) => expired.push(e),
    );
  return { s, add, expired };
}

describe('PendingStore', () => {
  it('gives each confirmation a random UUID: nobody can guess the next one', () => {
    const { add } = store();
    const ids = Array.from({ length: 50 }, () => add('900123456').id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(50);
  });

  it('is taken once: a second answer finds nothing', () => {
    const { s, add } = store();
    const e = add('900123456');
    expect(s.get(e.id)).toBe(e);
    expect(s.take(e.id)).toBe(e);
    expect(s.take(e.id)).toBeUndefined();
    expect(s.get(e.id)).toBeUndefined();
    expect(s.take('made-up')).toBeUndefined();
  });

  it(`is gone after ${CONFIRM_TTL_MS / 1000} s, and says so once`, () => {
    const { s, add, expired } = store();
    const e = add('900123456');
    expect(e.expiresAt).toBe(Date.now() + CONFIRM_TTL_MS);
    vi.advanceTimersByTime(CONFIRM_TTL_MS - 1);
    expect(s.get(e.id)).toBe(e);
    vi.advanceTimersByTime(1);
    expect(s.get(e.id)).toBeUndefined();
    expect(s.take(e.id)).toBeUndefined();
    expect(expired).toEqual([e]);
    vi.advanceTimersByTime(CONFIRM_TTL_MS);
    expect(expired).toEqual([e]);
  });

  it('a taken one does not expire later; an expired one is not found by a late timer either', () => {
    const { s, add, expired } = store();
    const a = add('1');
    s.take(a.id);
    vi.advanceTimersByTime(CONFIRM_TTL_MS * 2);
    expect(expired).toEqual([]);
    const b = add('2');
    // The clock passes the deadline before the timer runs (a busy worker): still gone.
    vi.setSystemTime(Date.now() + CONFIRM_TTL_MS + 5);
    expect(s.get(b.id)).toBeUndefined();
    expect(s.find((e) => e.dial === '2')).toBeUndefined();
  });

  it('finds a waiting entry by what it holds (its window)', () => {
    const { s, add } = store();
    add('1');
    const b = add('2');
    expect(s.find((e) => e.dial === '2')).toBe(b);
    expect(s.size).toBe(2);
  });
});
