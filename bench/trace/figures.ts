/** The figures of an analysed trace (analyze.ts) over a window of time: what the benchmark reports and judges. */
import type { Analysis, Task } from './analyze.ts';

export interface Figures {
  /** Our main-thread time: script (JS, microtasks, GC in our tasks) and extension messaging. */
  scriptMs: number;
  scriptTasks: number;
  /** Evaluating the content script when it is injected. */
  injectMs: number;
  injectCpuMs: number;
  longestScriptTaskMs: number;
  /**
   * The same in thread CPU time: on a busy machine a task's wall time also holds the time other processes had the
   * core, its CPU time does not (it includes the GC work done on this thread).
   */
  scriptCpuMs: number;
  longestScriptTaskCpuMs: number;
  /**
   * The longest script task's own CPU time and GC (not the maxima over all tasks above): a task far longer than its CPU
   * time waited for a core; one with its GC taken out under 50 ms was held up by a collection. Its GC is counted when
   * the task is ours alone, as for gcInScriptMs.
   */
  longestScriptTaskItsCpuMs: number;
  longestScriptTaskItsGcMs: number;
  scriptTasksOver50: number;
  /** V8 GC inside our own tasks (our allocations trigger it; its cost grows with the page's heap and DOM). */
  gcInScriptMs: number;
  longestGcInScriptTaskMs: number;
  /** The part of that GC marking ephemerons: WeakMap / WeakSet entries. */
  ephemeronInScriptMs: number;
  /** Rendering (style, layout, paint) that our DOM changes caused. */
  inducedRenderMs: number;
  inducedRenderTasks: number;
  longestInducedRenderMs: number;
  inducedRenderOver50: number;
  sharedRenderTasks: number;
  /** Chrome's own page-text capture (BROWSER_OWN) in the window, and the part of it inside frames we changed. */
  browserTextCaptureMs: number;
  browserTextCaptureInOursMs: number;
  /** Rendering after both our script and the page's changed the page (not counted as ours). */
  longestSharedRenderMs: number;
  /** max(longest script task, longest induced rendering task). */
  longestCausedByUsMs: number;
  /** When our script was injected (else our first task). */
  firstOursAtMs: number | null;
  lastOursAtMs: number | null;
  /** The page's own longest task in the window (parser, its scripts, its rendering), for context. */
  longestPageTaskMs: number;
  backgroundMs: number | null;
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** Figures over the tasks that start in [from, to) (ms after navigationStart; before it is the previous document). */
export function figures(a: Analysis, from = 0, to = Infinity): Figures {
  const ts = a.tasks.filter((t) => t.start >= from && t.start < to);
  const ours = ts.filter((t) => t.ours > 0);
  // Tasks that are ours alone (their GC is ours to answer for).
  const alone = ours.filter((t) => t.ours === t.dur);
  const induced = ts.filter((t) => t.induced);
  // What our change costs in such a frame: without Chrome's own text capture that happened to land in it.
  const inducedMs = (t: Task): number => t.dur - t.browserOwn;
  const longestScript = Math.max(0, ...ours.map((t) => t.ours));
  const longestTask = ours.find((t) => t.ours === longestScript);
  const longestInduced = Math.max(0, ...induced.map(inducedMs));
  const pageTasks = ts.filter((t) => t.ours === 0 && !t.induced && !t.bench);
  return {
    scriptMs: r1(ours.reduce((s, t) => s + t.ours, 0)),
    scriptTasks: ours.length,
    injectMs: r1(ts.reduce((s, t) => s + t.inject, 0)),
    injectCpuMs: r1(ts.reduce((s, t) => s + t.injectCpu, 0)),
    longestScriptTaskMs: r1(longestScript),
    scriptCpuMs: r1(ours.reduce((s, t) => s + t.oursCpu, 0)),
    longestScriptTaskCpuMs: r1(Math.max(0, ...ours.map((t) => t.oursCpu))),
    longestScriptTaskItsCpuMs: r1(longestTask?.oursCpu ?? 0),
    longestScriptTaskItsGcMs: r1(longestTask && longestTask.ours === longestTask.dur ? longestTask.gc : 0),
    scriptTasksOver50: ours.filter((t) => t.ours > 50).length,
    gcInScriptMs: r1(alone.reduce((s, t) => s + t.gc, 0)),
    longestGcInScriptTaskMs: r1(Math.max(0, ...alone.map((t) => t.gc))),
    ephemeronInScriptMs: r1(alone.reduce((s, t) => s + t.ephemeron, 0)),
    inducedRenderMs: r1(induced.reduce((s, t) => s + inducedMs(t), 0)),
    inducedRenderTasks: induced.length,
    longestInducedRenderMs: r1(longestInduced),
    inducedRenderOver50: induced.filter((t) => inducedMs(t) > 50).length,
    browserTextCaptureMs: r1(ts.reduce((s, t) => s + t.browserOwn, 0)),
    browserTextCaptureInOursMs: r1(induced.reduce((s, t) => s + t.browserOwn, 0)),
    sharedRenderTasks: ts.filter((t) => t.shared).length,
    longestSharedRenderMs: r1(Math.max(0, ...ts.filter((t) => t.shared).map((t) => t.dur))),
    longestCausedByUsMs: r1(Math.max(longestScript, longestInduced)),
    firstOursAtMs: ours.length ? r1((ours.find((t) => t.inject > 0) ?? ours[0]!).start) : null,
    lastOursAtMs: ours.length ? r1(ours.at(-1)!.start + ours.at(-1)!.dur) : null,
    longestPageTaskMs: r1(Math.max(0, ...pageTasks.map((t) => t.dur))),
    backgroundMs: a.backgroundMs === null ? null : r1(a.backgroundMs),
  };
}
