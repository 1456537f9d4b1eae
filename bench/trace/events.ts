/** Reading a trace: the events that matter to the attribution (analyze.ts), threads, and the tasks of a thread. */
import type { TraceEvent } from './record.ts';

export interface Interval {
  a: number;
  b: number;
}

export function unionLength(xs: Interval[]): number {
  if (xs.length === 0) return 0;
  xs.sort((p, q) => p.a - q.a);
  let total = 0;
  let cur = { ...xs[0]! };
  for (const x of xs.slice(1)) {
    if (x.a <= cur.b) cur.b = Math.max(cur.b, x.b);
    else {
      total += cur.b - cur.a;
      cur = { ...x };
    }
  }
  return total + (cur.b - cur.a);
}

export function data(e: TraceEvent): Record<string, unknown> {
  const d = e.args?.data ?? e.args?.beginData;
  return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * Extension messaging that reaches a content script: ports (runtime.sendMessage and its reply) and events
 * (runtime.onMessage). Other extensions.mojom interfaces (LocalFrame, Renderer) also talk to pages in a browser without
 * any extension (seen in the control run), so they do not count.
 */
export const OUR_IPC = new Set(['extensions.mojom.MessagePort', 'extensions.mojom.EventDispatcher']);
const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
/**
 * Our frames: any chrome-extension:// script (the bench's browser has no other extension). The page side is imported
 * from a per-session URL (use_dynamic_url), not from chrome-extension://<id>/.
 */
export function isExtensionUrl(url: string): boolean {
  return url.startsWith('chrome-extension://');
}

export const JS_EVENTS = new Set(['v8.run', 'v8.callFunction', 'FunctionCall', 'EvaluateScript', 'v8.evaluateModule']);
export const LAYOUT_EVENTS = new Set(['UpdateLayoutTree', 'Layout']);
/** V8 garbage collection on the main thread (top-level phases; nested ones overlap and are merged). */
export const GC_EVENTS = new Set([
  'MajorGC',
  'MinorGC',
  'V8.GCIncrementalMarking',
  'V8.GCIncrementalMarkingStart',
  'V8.GC_MC_INCREMENTAL',
  'V8.GC_MC_INCREMENTAL_START',
]);
export const RENDER_EVENTS = new Set([
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'UpdateLayer',
]);
/**
 * Chrome's own work inside a frame that no DOM change causes: after load it reads the whole page's text once or twice
 * (language detection for Translate and the like), inside whatever frame's lifecycle update comes next, 40-70 ms on the
 * 10k table. It runs without the extension too; a frame of ours it lands in is not made longer by us.
 */
export const BROWSER_OWN = new Set(['ChromeRenderFrameObserver::CapturePageText']);

export function threadNames(events: TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name')
      names.set(`${e.pid}:${e.tid}`, str((e.args as { name?: unknown } | undefined)?.name));
  }
  return names;
}

export function processNames(events: TraceEvent[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'process_name')
      names.set(e.pid, str((e.args as { name?: unknown } | undefined)?.name));
  }
  return names;
}

/** Top-level tasks of one thread with their nested events. */
export function tasksOf(events: TraceEvent[]): { task: TraceEvent; kids: TraceEvent[] }[] {
  const xs = events.filter((e) => e.ph === 'X').sort((p, q) => p.ts - q.ts || (q.dur ?? 0) - (p.dur ?? 0));
  const out: { task: TraceEvent; kids: TraceEvent[] }[] = [];
  let cur: { task: TraceEvent; kids: TraceEvent[] } | null = null;
  for (const e of xs) {
    if (cur && e.ts < cur.task.ts + (cur.task.dur ?? 0)) {
      cur.kids.push(e);
      continue;
    }
    if (TASK_NAMES.has(e.name)) {
      cur = { task: e, kids: [] };
      out.push(cur);
    } else {
      cur = null; // an event outside any task (rare): ignore
    }
  }
  return out;
}
