/**
 * Attributing the page's main-thread work in a trace (record.ts) to our content script.
 *
 * Attribution, on the renderer main thread (CrRendererMain) of the page's process:
 * - a task is one top-level `RunTask` / `ThreadControllerImpl::RunTask` event;
 * - our JavaScript is every `v8.run` / `v8.callFunction` event that runs in our isolated world (Chrome names it after
 *   the extension: args.worldName, e.g. "iPBX Connect"), plus `EvaluateScript` / `FunctionCall` events whose script
 *   URL is ours (chrome-extension://<id>/…). This catches microtasks too: they run inside those events;
 * - our messaging is every `Receive mojo message` on extensions.mojom.MessagePort / EventDispatcher (the replies of
 *   runtime.sendMessage and runtime.onMessage events arrive that way, and ours is the only extension in the browser);
 * - the page's own work is `ParseHTML` and JavaScript outside our world; the benchmark's own probes (Playwright's
 *   evaluate calls arrive as `blink.mojom.DevToolsSession` messages) are counted apart as "bench".
 * A task that runs our script or messaging and nothing of the page's counts whole (GC and microtasks included: the
 * continuation after a sendMessage reply runs in the microtask checkpoint that follows the IPC event) as ours; in a
 * task shared with the page's JavaScript only our events count.
 *
 * Rendering: a task with style/layout work (`UpdateLayoutTree` / `Layout`) is *induced by us* when, since the
 * previous rendering task, we ran and neither the page (parser, its scripts) nor a bench call that changes the page did
 * anything: on these pages nothing else can have dirtied layout (the control run without the extension shows no such
 * tasks). When both we and the page ran in between, the rendering task is "shared" and not counted as ours. Our
 * requestAnimationFrame pass runs inside the frame's task, before its style and layout: in such a task only our events
 * count as our script, and the task itself is rendering induced by us (or shared, when the page changed the DOM too).
 */
import {
  BROWSER_OWN,
  data,
  GC_EVENTS,
  isExtensionUrl,
  JS_EVENTS,
  LAYOUT_EVENTS,
  OUR_IPC,
  processNames,
  RENDER_EVENTS,
  str,
  tasksOf,
  threadNames,
  unionLength,
  type Interval,
} from './events.ts';
import type { TraceEvent } from './record.ts';

export interface Attribution {
  /** chrome-extension://<id>/ */
  extensionOrigin: string;
  /** Our isolated world's name (the extension's name); learnt from the trace when null. */
  worldName: string | null;
  /** The page URL, to find its renderer. */
  pageUrl: string;
}

export type TaskKind = 'ours' | 'page' | 'bench' | 'render' | 'other';

export interface Task {
  start: number; // ms, relative to navigationStart
  dur: number; // ms
  /** Our part of it (whole task when it is ours alone). */
  ours: number;
  /** Our events alone (script and messaging), without the rest of the task. */
  oursEvents: number;
  /** Thread CPU time of `ours` and of `oursEvents`. */
  oursCpu: number;
  oursEventsCpu: number;
  /** Our JavaScript (events in our world), our messaging (extension IPC). */
  oursJs: number;
  oursIpc: number;
  pageJs: number;
  parse: boolean;
  bench: boolean;
  /** Style + layout time in the task. */
  layout: number;
  /** Rendering work at all (layout, paint, commit). */
  render: boolean;
  /** Chrome's own work in the task (BROWSER_OWN): not rendering anyone's change caused. */
  browserOwn: number;
  /** V8 GC in the task, and the part of it spent marking ephemerons (WeakMap / WeakSet entries). */
  gc: number;
  ephemeron: number;
  inject: number;
  injectCpu: number;
  induced: boolean;
  shared: boolean;
}

export interface Analysis {
  pid: number;
  worldName: string | null;
  navigationStart: number; // µs, trace clock
  loadEvent: number | null; // ms after navigationStart
  domContentLoaded: number | null;
  tasks: Task[];
  /** Busy time of the extension's service worker thread (classification happens there); null when not traced. */
  backgroundMs: number | null;
}

export function analyze(events: TraceEvent[], attr: Attribution): Analysis {
  const threads = threadNames(events);
  const procs = processNames(events);
  // The page's renderer: the process whose main thread parsed the page.
  const parsers = events.filter((e) => e.name === 'ParseHTML' && str(data(e).url).startsWith(attr.pageUrl));
  const pid = parsers.at(-1)?.pid;
  if (pid === undefined)
    throw new Error(`trace: no ParseHTML for ${attr.pageUrl} (was the page loaded while tracing?)`);
  const mainTid = [...threads].find(([k, v]) => k.startsWith(`${pid}:`) && v === 'CrRendererMain')?.[0].split(':')[1];
  if (mainTid === undefined) throw new Error('trace: the renderer has no CrRendererMain thread');
  const main = events.filter((e) => e.pid === pid && String(e.tid) === mainTid);

  // Our world's name: the world our script was evaluated in.
  let worldName = attr.worldName;
  if (!worldName) {
    const run = main.find(
      (e) =>
        e.name === 'v8.run' &&
        str((e.args as { fileName?: unknown } | undefined)?.fileName).startsWith(attr.extensionOrigin),
    );
    worldName = str((run?.args as { worldName?: unknown } | undefined)?.worldName) || null;
  }

  const navs = main.filter((e) => e.name === 'navigationStart' && e.ph === 'R');
  // The last navigation start before the page was parsed.
  const parseTs = parsers.at(-1)!.ts;
  const nav = navs.filter((e) => e.ts <= parseTs).at(-1) ?? navs.at(-1);
  const navigationStart = nav?.ts ?? Math.min(...main.filter((e) => e.ph === 'X').map((e) => e.ts));
  const mark = (name: string): number | null => {
    const m = main.find((e) => e.name === name && e.ts >= navigationStart);
    return m ? (m.ts - navigationStart) / 1000 : null;
  };

  const isOurJs = (e: TraceEvent): boolean => {
    if (!JS_EVENTS.has(e.name)) return false;
    const a = (e.args ?? {}) as { worldName?: unknown; fileName?: unknown };
    if (worldName && a.worldName === worldName) return true;
    // Any extension URL: the page side comes from a per-session one (use_dynamic_url), not from extensionOrigin.
    const url = str(data(e).url) || str(a.fileName);
    return isExtensionUrl(url);
  };
  const mojoTag = (e: TraceEvent): string =>
    str(
      (e.args as { chrome_mojo_event_info?: { mojo_interface_tag?: unknown } } | undefined)?.chrome_mojo_event_info
        ?.mojo_interface_tag,
    );

  const tasks: Task[] = [];
  for (const { task, kids } of tasksOf(main)) {
    const t0 = task.ts;
    const dur = (task.dur ?? 0) / 1000;
    const ourJs: Interval[] = [];
    const ourIpc: Interval[] = [];
    /** CPU time of our outermost events (kids are sorted by start: nested ones start before the last one ends). */
    let ourCpu = 0;
    let ourEnd = 0;
    const otherJs: Interval[] = [];
    let parse = false;
    let bench = false;
    let layout = 0;
    let render = false;
    const own: Interval[] = [];
    let inject = 0;
    let injectCpu = 0;
    const gc: Interval[] = [];
    const eph: Interval[] = [];
    for (const e of kids) {
      const iv = { a: e.ts, b: e.ts + (e.dur ?? 0) };
      const ourEvent =
        isOurJs(e) ||
        ((e.name === 'Receive mojo message' || e.name === 'Receive mojo reply') && OUR_IPC.has(mojoTag(e)));
      if (ourEvent && iv.a >= ourEnd) {
        ourCpu += (e.tdur ?? e.dur ?? 0) / 1000;
        ourEnd = iv.b;
      }
      if (GC_EVENTS.has(e.name)) gc.push(iv);
      if (e.name.includes('EPHEMERON')) eph.push(iv);
      if (isOurJs(e)) {
        ourJs.push(iv);
        if (e.name === 'EvaluateScript') {
          inject += (e.dur ?? 0) / 1000;
          injectCpu += (e.tdur ?? e.dur ?? 0) / 1000;
        }
      } else if (JS_EVENTS.has(e.name)) otherJs.push(iv);
      else if (e.name === 'Receive mojo message' || e.name === 'Receive mojo reply') {
        const tag = mojoTag(e);
        if (OUR_IPC.has(tag)) ourIpc.push(iv);
        else if (tag === 'blink.mojom.DevToolsSession') bench = true;
      } else if (e.name === 'ParseHTML') parse = true;
      if (LAYOUT_EVENTS.has(e.name)) layout += (e.dur ?? 0) / 1000;
      if (RENDER_EVENTS.has(e.name)) render = true;
      if (BROWSER_OWN.has(e.name)) own.push(iv);
    }
    // JavaScript outside our world, minus what is nested in ours (never happens) or ours nested in it (microtasks).
    const oursLen = unionLength([...ourJs, ...ourIpc]) / 1000;
    const otherLen = Math.max(0, (unionLength([...otherJs, ...ourJs]) - unionLength([...ourJs])) / 1000);
    // DevTools evaluations (the bench's probes) run JavaScript too: that is not the page's.
    const pageJs = bench ? 0 : otherLen;
    // Whole task when we ran in it and nothing else did: a reply to runtime.sendMessage resolves our promise, and our
    // continuation runs in the microtask checkpoint after the IPC event, outside any event that names our world.
    // Otherwise (the page's JavaScript ran too) just our events.
    const alone = oursLen > 0 && pageJs === 0 && !parse && !bench;
    tasks.push({
      start: (t0 - navigationStart) / 1000,
      dur,
      ours: alone ? dur : oursLen,
      oursCpu: alone ? (task.tdur ?? task.dur ?? 0) / 1000 : ourCpu,
      oursEventsCpu: ourCpu,
      oursEvents: oursLen,
      oursJs: unionLength(ourJs) / 1000,
      oursIpc: unionLength(ourIpc) / 1000,
      pageJs,
      parse,
      bench,
      layout,
      render,
      browserOwn: unionLength(own) / 1000,
      gc: unionLength(gc) / 1000,
      ephemeron: unionLength(eph) / 1000,
      inject,
      injectCpu,
      induced: false,
      shared: false,
    });
  }

  // Rendering tasks with style/layout work: whose changes were they?
  let sinceRender = { ours: false, page: false };
  for (const t of tasks) {
    // A frame in which our requestAnimationFrame pass ran: only our events are our script; the frame's rendering (the
    // page's first paint, say) is not, and its style and layout are judged below.
    if (t.render && t.oursEvents > 0) {
      t.ours = t.oursEvents;
      t.oursCpu = t.oursEventsCpu;
    }
    if (t.layout > 0) {
      // Our requestAnimationFrame pass runs in the frame's own task, before its style and layout: it counts too.
      const ours = sinceRender.ours || t.oursEvents > 0;
      const page = sinceRender.page || t.pageJs > 0;
      if (ours && !page) t.induced = true;
      else if (ours && page) t.shared = true;
      // The relayout shows as rendering we caused (or shared, when the page changed the DOM too: the page would have
      // paid that relayout anyway).
      sinceRender = { ours: false, page: false };
    }
    if (t.ours > 0) sinceRender.ours = true;
    // The bench's probes only read the page (counting marks), except the calls that start the SPA or the late numbers:
    // those change the DOM, and our MutationObserver runs inside them.
    if (t.pageJs > 0 || t.parse || (t.bench && t.ours > 0)) sinceRender.page = true;
  }

  // The extension's service worker thread: what classification costs in the background.
  let backgroundMs: number | null = null;
  for (const [key, name] of threads) {
    if (name !== 'ServiceWorker thread') continue;
    const [p, tid] = key.split(':');
    if (!/Extension/i.test(procs.get(Number(p)) ?? '')) continue;
    backgroundMs ??= 0;
    const sw = events.filter((e) => e.pid === Number(p) && String(e.tid) === tid);
    for (const { task } of tasksOf(sw)) if (task.ts >= navigationStart) backgroundMs += (task.dur ?? 0) / 1000;
  }

  return {
    pid,
    worldName,
    navigationStart,
    loadEvent: mark('loadEventEnd'),
    domContentLoaded: mark('domContentLoadedEventEnd'),
    tasks,
    backgroundMs,
  };
}
