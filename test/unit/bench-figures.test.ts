import { describe, expect, it } from 'vitest';
import type { Analysis, Task } from '../../bench/trace/analyze.ts';
import { figures } from '../../bench/trace/figures.ts';

/** A task of the page (ours: 0) unless told otherwise. */
function task(over: Partial<Task>): Task {
  return {
    start: 0,
    dur: 10,
    ours: 0,
    oursEvents: 0,
    oursCpu: 0,
    oursEventsCpu: 0,
    oursJs: 0,
    oursIpc: 0,
    pageJs: 0,
    parse: false,
    bench: false,
    layout: 0,
    render: false,
    browserOwn: 0,
    gc: 0,
    ephemeron: 0,
    inject: 0,
    injectCpu: 0,
    induced: false,
    shared: false,
    ...over,
  };
}

function analysis(tasks: Task[]): Analysis {
  return { pid: 1, worldName: 'w', navigationStart: 0, loadEvent: 0, domContentLoaded: 0, tasks, backgroundMs: null };
}

describe('figures of a trace (bench/trace/figures.ts)', () => {
  it('gives the longest script task its own CPU time and GC, not the maxima over all tasks', () => {
    const f = figures(
      analysis([
        task({ start: 1, dur: 20, ours: 20, oursCpu: 19, gc: 12 }),
        task({ start: 30, dur: 60, ours: 60, oursCpu: 9, gc: 2 }), // waited for a core
        task({ start: 100, dur: 15, ours: 15, oursCpu: 15 }),
      ]),
    );
    expect(f.longestScriptTaskMs).toBe(60);
    expect(f.longestScriptTaskItsCpuMs).toBe(9);
    expect(f.longestScriptTaskItsGcMs).toBe(2);
    expect(f.longestScriptTaskCpuMs).toBe(19);
    expect(f.longestGcInScriptTaskMs).toBe(12);
  });

  it('counts the GC of a task shared with the page as nobody’s, and has zeros without script tasks', () => {
    const shared = figures(analysis([task({ start: 1, dur: 40, ours: 30, oursCpu: 28, gc: 25 })]));
    expect(shared.longestScriptTaskItsCpuMs).toBe(28);
    expect(shared.longestScriptTaskItsGcMs).toBe(0);
    const none = figures(analysis([task({ start: 1, dur: 40 })]));
    expect([none.longestScriptTaskMs, none.longestScriptTaskItsCpuMs, none.longestScriptTaskItsGcMs]).toEqual([
      0, 0, 0,
    ]);
  });
});
