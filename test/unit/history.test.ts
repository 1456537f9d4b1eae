import { describe, expect, it } from 'vitest';
import { appendRecent, MAX_RECENT } from '../../src/background/history.ts';
import type { RecentCall } from '../../src/shared/storage/items.ts';

const call = (uniqueId: string, endedAt: number): RecentCall => ({
  uniqueId,
  direction: 'incoming',
  number: '777888999',
  startedAt: 0,
  endedAt,
  answered: true,
  durationMs: 0,
});

describe('appendRecent', () => {
  it('puts the newest first, and of calls that ended in the same millisecond the one that ended later', () => {
    const list = appendRecent([call('old', 1)], [call('a', 5), call('b', 5), call('c', 3)]);
    expect(list.map((c) => c.uniqueId)).toEqual(['b', 'a', 'c', 'old']);
  });

  it('keeps no duplicates and at most MAX_RECENT', () => {
    const many = Array.from({ length: MAX_RECENT }, (_, i) => call(`x${i}`, i));
    const list = appendRecent(many, [call('x3', 1000)]);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]?.uniqueId).toBe('x3');
    expect(list.filter((c) => c.uniqueId === 'x3')).toHaveLength(1);
  });
});
