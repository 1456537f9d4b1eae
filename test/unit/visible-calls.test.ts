import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/shared/calls.ts';
import { visibleCalls } from '../../src/popup/visible-calls.ts';

const calls: Call[] = Array.from({ length: 6 }, (_, i) => ({
  uniqueId: `u${i}`,
  from: '444',
  to: `60${i}`,
  direction: 'outgoingLocal',
  state: 'answered',
  startedAt: 1_000 - i,
}));
const ids = (list: Call[]) => list.map((c) => c.uniqueId);

describe('visibleCalls', () => {
  it('shows everything when the list fits', () => {
    expect(visibleCalls(calls, 6, new Set())).toEqual({ shown: calls, hidden: 0 });
    expect(visibleCalls(calls, Infinity, new Set()).hidden).toBe(0);
  });

  it('cuts a longer list at the limit and counts the rest', () => {
    const { shown, hidden } = visibleCalls(calls, 2, new Set());
    expect(ids(shown)).toEqual(['u0', 'u1']);
    expect(hidden).toBe(4);
  });

  it('keeps pinned calls beyond the limit, in list order', () => {
    const { shown, hidden } = visibleCalls(calls, 2, new Set(['u5', 'u3', 'u1', 'nope']));
    expect(ids(shown)).toEqual(['u0', 'u1', 'u3', 'u5']);
    expect(hidden).toBe(2);
  });
});
