/**
 * The idle figure of a full bench run is the median of several loads (bench/scenarios/idle.ts, summarizeIdle): one
 * load's ratio swings too much on a shared machine to judge anything.
 */
import { describe, expect, it } from 'vitest';
import { type IdleResult, summarizeIdle } from '../../bench/scenarios/idle.ts';

function load(totalMs: number, bareWalkFirstReaderMs: number, marks = 0): IdleResult {
  return { totalMs, totalCpuMs: totalMs / 2, bareWalkFirstReaderMs, marks, injectMs: totalMs - 1 };
}

describe('summarizeIdle', () => {
  it('reports the load with the median ratio, each with its own walk, and keeps every load', () => {
    const s = summarizeIdle([load(31, 7.7), load(12, 10), load(20, 10), load(9, 10), load(15, 10)]);
    // Ratios 4.0, 1.2, 2.0, 0.9, 1.5: the median is 1.5, the fifth load's.
    expect(s.totalMs).toBe(15);
    expect(s.injectMs).toBe(14);
    expect(s.repeats?.ratio).toEqual([4, 1.2, 2, 0.9, 1.5]);
    expect(s.repeats?.totalMs).toEqual([31, 12, 20, 9, 15]);
    expect(s.repeats?.bareWalkFirstReaderMs).toEqual([7.7, 10, 10, 10, 10]);
  });

  it('reports the most marks any load had, so one stray mark still fails the check', () => {
    expect(summarizeIdle([load(10, 10), load(11, 10, 3), load(12, 10)]).marks).toBe(3);
  });

  it('refuses to sum up no load at all', () => {
    expect(() => summarizeIdle([])).toThrow('no prose page was loaded');
  });
});
