import { describe, expect, it } from 'vitest';
import { longestRendering } from '../../bench/scenarios/cue-floor.ts';
import type { TraceEvent } from '../../bench/trace/record.ts';

const MAIN = { pid: 7, tid: 1 };
const OTHER = { pid: 7, tid: 2 };
const names: TraceEvent[] = [
  { name: 'thread_name', ph: 'M', ts: 0, ...MAIN, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ts: 0, ...OTHER, args: { name: 'Compositor' } },
];
const task = (ts: number, dur: number, at = MAIN): TraceEvent => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  ts,
  dur,
  ...at,
});
const ev = (name: string, ts: number, dur: number, at = MAIN): TraceEvent => ({ name, ph: 'X', ts, dur, ...at });

describe('the cue frame floor (bench/scenarios/cue-floor.ts)', () => {
  it('takes the longest task with style or paint on a renderer main thread, with its style and paint', () => {
    const events = [
      ...names,
      task(1_000, 30_000),
      ev('UpdateLayoutTree', 2_000, 10_000),
      ev('Paint', 13_000, 15_000),
      task(50_000, 45_500),
      ev('UpdateLayoutTree', 51_000, 17_000),
      ev('Paint', 69_000, 25_000),
      ev('Paint', 70_000, 20_000), // a layer's paint inside the frame's: counted once
      ev('Paint', 94_000, 1_000),
    ];
    expect(longestRendering(events)).toEqual({ taskMs: 45.5, styleMs: 17, paintMs: 26 });
  });

  it('leaves out tasks without rendering and other threads', () => {
    const events = [
      ...names,
      task(1_000, 90_000),
      ev('FunctionCall', 2_000, 80_000),
      task(1_000, 70_000, OTHER),
      ev('Paint', 2_000, 60_000, OTHER),
      task(100_000, 12_000),
      ev('Paint', 101_000, 10_000),
    ];
    expect(longestRendering(events)).toEqual({ taskMs: 12, styleMs: 0, paintMs: 10 });
  });

  it('reports nothing when no frame was drawn', () => {
    expect(longestRendering([...names, task(0, 5_000)])).toEqual({ taskMs: 0, styleMs: 0, paintMs: 0 });
  });
});
