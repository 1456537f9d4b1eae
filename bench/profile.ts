/**
 * Where our scripting time goes: a V8 CPU profile (CDP Profiler, 100 µs samples) of the page, with every sample
 * whose stack holds a frame of our content script put into a phase:
 *
 *   walk        Scanner.walk / visitRow / visitElement / nextOutside / inSkippedRegion / visitAnchor (TreeWalker calls
 *               included)
 *   candidates  Scanner.visitText / queueCandidates, candidatesAfterTest and its helpers (the regexes), ownCopy
 *   messaging   flushQuestions / sendBatch / settleWaiting, request() and the runtime.sendMessage it calls
 *   wrap        Scanner.link / linkCells, linkText, createMark, cellToMark, markCell, the cell cues (DOM changes, i18n
 *               label per mark)
 *   observe     MutationObserver callback and bookkeeping (onMutations, enqueue, takeRecords, dropOrphans)
 *   loop        the slice loop and yielding (loop, schedule, yieldToPage)
 *   setup       everything else of ours (evaluating the script, main(), pageConfig)
 *
 * The built file is minified: Scanner's method names survive, module-level functions do not, so those are recognised
 * by what their bodies contain. The innermost recognised function on the stack decides the phase (a DOM call such as
 * TreeWalker.nextNode counts for the function that made it). GC samples cannot be tied to a caller: reported apart.
 */
import type { CDPSession } from 'playwright-core';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export type Phase = 'walk' | 'candidates' | 'messaging' | 'wrap' | 'observe' | 'loop' | 'setup';

const METHOD_PHASE: Record<string, Phase> = {
  walk: 'walk',
  nextOutside: 'walk',
  visitElement: 'walk',
  inSkippedRegion: 'walk',
  visitAnchor: 'walk',
  visitInSection: 'walk',
  paused: 'walk',
  visitRow: 'walk',
  visitText: 'candidates',
  queueCandidates: 'candidates',
  flushQuestions: 'messaging',
  sendBatch: 'messaging',
  settleWaiting: 'messaging',
  answered: 'messaging',
  link: 'wrap',
  linkCells: 'wrap',
  markInPlace: 'wrap',
  foundIn: 'wrap',
  quietly: 'wrap',
  scheduleCells: 'loop',
  readyCount: 'loop',
  onMutations: 'observe',
  enqueue: 'observe',
  forgetOwnRecords: 'observe',
  observe: 'observe',
  loop: 'loop',
  schedule: 'loop',
  hasWork: 'loop',
};

/** Module-level functions, known by their bodies. */
const BODY_PHASE: [RegExp, Phase, string][] = [
  [/lastIndex=0/, 'candidates', 'candidatesAfterTest'],
  [/startsWith\(`\+`\)/, 'candidates', 'readings'],
  [/===8201/, 'candidates', 'isGap'],
  [/<128\?/, 'candidates', 'isWordChar'],
  [/charCodeAt\(/, 'candidates', 'digitCount'],
  [/\.slice\(1,-1\)/, 'candidates', 'ownCopy'],
  [/\.matches\(/, 'wrap', 'cellToMark'], // before contextBefore: both read previousSibling
  [/previousSibling/, 'candidates', 'contextBefore'],
  [/\.after\(\.\.\./, 'wrap', 'linkText'],
  [/setAttribute\(`role`/, 'wrap', 'createMark'],
  [/setAttribute\(`tabindex`,`0`\),\w+\.setAttribute\(`aria-label`/, 'wrap', 'markCell'],
  [/getClientRects\(\)/, 'wrap', 'cuePass'],
  [/getBoundingClientRect\(\)/, 'wrap', 'rowsNear'],
  [/runtime\.sendMessage\(/, 'messaging', 'request'],
  [/new MessageChannel/, 'loop', 'yieldToPage'],
];

interface Region {
  at: number;
  name: string;
  phase: Phase | null;
}

export class SourceMap {
  private readonly regions: Region[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    const methods = new RegExp(`[{}]\\s*(?:async\\s+)?(${Object.keys(METHOD_PHASE).join('|')})\\([^()]*\\)\\{`, 'g');
    for (const m of source.matchAll(methods)) {
      const name = m[1]!;
      this.regions.push({ at: m.index + m[0].indexOf(name), name: `Scanner.${name}`, phase: METHOD_PHASE[name] ?? null });
    }
    const starts: number[] = [];
    for (const m of source.matchAll(/(?:async\s+)?function\s*\*?\s*([\w$]*)\s*\(/g)) starts.push(m.index);
    starts.sort((a, b) => a - b);
    const methodStarts = this.regions.map((r) => r.at);
    const ends = [...starts, ...methodStarts].sort((a, b) => a - b);
    for (const at of starts) {
      const next = ends.find((x) => x > at) ?? source.length;
      const body = source.slice(at, Math.min(next, at + 2_000));
      const hit = BODY_PHASE.find(([re]) => re.test(body));
      this.regions.push({ at, name: hit ? hit[2] : '(fn)', phase: hit ? hit[1] : null });
    }
    this.regions.sort((a, b) => a.at - b.at);
  }

  /** The function a frame belongs to: the last region starting at or before its position. */
  locate(frame: CallFrame): Region | null {
    const pos = (this.lineStarts[frame.lineNumber] ?? 0) + frame.columnNumber;
    let lo = 0;
    let hi = this.regions.length - 1;
    let found: Region | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.regions[mid]!;
      if (r.at <= pos + 1) {
        found = r;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/**
 * Chrome's extension API methods (runtime.sendMessage, i18n.getMessage…) share one native callback, and V8's profiler
 * names every one of them after the first it saw: "getUILanguage". request() calls only runtime.sendMessage and
 * createMark only i18n.getMessage, and both show up as getUILanguage.
 */
function nativeName(name: string): string {
  if (name === 'getUILanguage') return 'chrome.* API call';
  return `${name || '(native)'}()`;
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return profile as unknown as CpuProfile;
}

export interface PhaseBreakdown {
  /** ms per phase (sampled). */
  phases: Record<Phase, number>;
  oursMs: number;
  /** GC samples while our code was active (not attributable to a caller). */
  gcMs: number;
  /** Our functions (innermost recognised one on the stack), with the browser calls they make. */
  top: { fn: string; ms: number }[];
  /** Self time: our functions, and the browser functions (DOM, bindings) they call, by caller. */
  self: { fn: string; ms: number }[];
}

export function phases(profile: CpuProfile, source: SourceMap, extensionOrigin: string): PhaseBreakdown {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) byId.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const memo = new Map<number, { ours: boolean; phase: Phase; fn: string } | null>();
  const classify = (id: number): { ours: boolean; phase: Phase; fn: string } | null => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    let ours = false;
    let phase: Phase | null = null;
    let fn = '';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!f.url.startsWith(extensionOrigin)) continue;
      ours = true;
      if (phase === null) {
        const r = source.locate(f);
        if (r?.phase) {
          phase = r.phase;
          fn = r.name;
        }
      }
    }
    const result = ours ? { ours, phase: phase ?? 'setup', fn: fn || '(setup)' } : null;
    memo.set(id, result);
    return result;
  };

  const out: Record<Phase, number> = { walk: 0, candidates: 0, messaging: 0, wrap: 0, observe: 0, loop: 0, setup: 0 };
  const fns = new Map<string, number>();
  const leaves = new Map<string, number>();
  let gc = 0;
  let lastOurs = -Infinity;
  let t = profile.startTime;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the gap to the next one.
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const node = byId.get(samples[i]!)!;
    const c = classify(node.id);
    if (c) {
      out[c.phase] += dt;
      fns.set(c.fn, (fns.get(c.fn) ?? 0) + dt);
      // Self time: our own code by function, the browser's (DOM, extension API bindings, regex) by name and caller.
      const f = node.callFrame;
      const leaf = f.url.startsWith(extensionOrigin) ? (source.locate(f)?.name ?? '(ours)') : `${nativeName(f.functionName)} in ${c.fn}`;
      leaves.set(leaf, (leaves.get(leaf) ?? 0) + dt);
      lastOurs = t;
    } else if (node.callFrame.functionName === '(garbage collector)' && t - lastOurs < 50_000) gc += dt;
  }
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  for (const k of Object.keys(out) as Phase[]) out[k] = r1(out[k]);
  return {
    phases: out,
    oursMs: r1(Object.values(out).reduce((s, x) => s + x, 0)),
    gcMs: r1(gc),
    top: [...fns].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([fn, ms]) => ({ fn, ms: r1(ms) })),
    self: [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, ms]) => ({ fn, ms: r1(ms) })),
  };
}
