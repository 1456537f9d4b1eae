import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendQueue } from '../../src/background/send-queue.ts';
import { systemTimers } from '../../src/background/timers.ts';

type Settled = { state: 'pending' } | { state: 'resolved' } | { state: 'rejected'; error: unknown };

function track(p: Promise<void>): { readonly outcome: Settled } {
  const box: { outcome: Settled } = { outcome: { state: 'pending' } };
  p.then(
    () => (box.outcome = { state: 'resolved' }),
    (error: unknown) => (box.outcome = { state: 'rejected', error }),
  );
  return box;
}

const expired = () => new Error('timed out');

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SendQueue', () => {
  it('flush sends everything that waits, oldest first, and resolves each', async () => {
    const q = new SendQueue<string>(systemTimers);
    const a = track(q.add('a', 1_000, expired));
    const b = track(q.add('b', 1_000, expired));
    const sent: string[] = [];
    q.flush((item) => sent.push(item));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a', 'b']);
    expect(a.outcome.state).toBe('resolved');
    expect(b.outcome.state).toBe('resolved');
    // Nothing waits any more: a second flush sends nothing, and no deadline is left to fire.
    q.flush((item) => sent.push(item));
    expect(sent).toEqual(['a', 'b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves an item only once it was sent', async () => {
    const q = new SendQueue<string>(systemTimers);
    const a = track(q.add('a', 1_000, expired));
    let outcomeWhileSending: Settled['state'] | null = null;
    q.flush(() => (outcomeWhileSending = a.outcome.state));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomeWhileSending).toBe('pending');
    expect(a.outcome.state).toBe('resolved');
  });

  it('rejectAll refuses everything that waits, each with its own error', async () => {
    const q = new SendQueue<string>(systemTimers);
    const a = track(q.add('a', 1_000, expired));
    const b = track(q.add('b', 1_000, expired));
    let n = 0;
    q.rejectAll(() => new Error(`gone ${++n}`));
    await vi.advanceTimersByTimeAsync(0);
    expect(a.outcome).toMatchObject({ state: 'rejected', error: { message: 'gone 1' } });
    expect(b.outcome).toMatchObject({ state: 'rejected', error: { message: 'gone 2' } });
    const sent: string[] = [];
    q.flush((item) => sent.push(item));
    expect(sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an item whose deadline passes is refused with its own error and leaves the queue', async () => {
    const q = new SendQueue<string>(systemTimers);
    const early = track(q.add('early', 100, () => new Error('early expired')));
    const late = track(q.add('late', 1_000, expired));
    await vi.advanceTimersByTimeAsync(99);
    expect(early.outcome.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(early.outcome).toMatchObject({ state: 'rejected', error: { message: 'early expired' } });
    expect(late.outcome.state).toBe('pending');
    const sent: string[] = [];
    q.flush((item) => sent.push(item));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['late']);
    expect(late.outcome.state).toBe('resolved');
  });
});
