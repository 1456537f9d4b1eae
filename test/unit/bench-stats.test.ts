/** The bench's statistics (bench/stats.ts): the click goal is judged on a 90th percentile of 10 or 20 clicks. */
import { describe, expect, it } from 'vitest';
import { median, nearestRank } from '../../bench/stats.ts';

describe('nearestRank', () => {
  it('takes the 9th of 10 values for the 90th percentile, not the largest', () => {
    const clicks = [2.1, 0.8, 0.7, 0.8, 0.6, 0.8, 1.3, 0.8, 0.8, 0.8];
    expect(nearestRank(clicks, 0.9)).toBe(1.3);
    expect(nearestRank([...clicks.slice(0, 9), 2.5, 2.4], 0.9)).toBe(2.4); // 11 values: the 10th
  });

  it('takes the 18th of 20 values, and the one value there is of one', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(xs, 0.9)).toBe(18);
    expect(nearestRank(xs, 1)).toBe(20);
    expect(nearestRank(xs, 0)).toBe(1);
    expect(nearestRank([7], 0.9)).toBe(7);
  });

  it('has no value for no values', () => {
    expect(nearestRank([], 0.9)).toBeNull();
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
