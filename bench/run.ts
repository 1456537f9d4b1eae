/**
 * Performance benchmark of the content script (the number linker), in real Chromium with the extension: `npm run bench`
 * (it builds its own copy, with source maps for the CPU profiles: browser.ts, buildForBench). Progress goes to stderr;
 * one JSON object with every figure, its goal and pass/fail goes to stdout at the end. How it measures:
 * docs/performance.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../sim/simulator.ts';
import { configure, launchExtension, type ExtensionBrowser } from '../test/e2e/support/chromium.ts';
import { servePages, type PageServer } from '../test/e2e/support/pages.ts';
import { buildForBench, copyBuild, launchControl, preflight } from './browser.ts';
import { clickPage, runClicks, type ClickFigures } from './clicks.ts';
import { bareWalk, CHECK_TABLE, COUNT_MARKS, HIDE_PAGE, NODE_COUNT, PAGE_NOW } from './inpage.ts';
import { latePage } from './pages/late.ts';
import { prosePage } from './pages/prose.ts';
import { spaPage } from './pages/spa.ts';
import { tablePage } from './pages/table.ts';
import { phases, ProfileSource, startProfile, stopProfile, type PhaseBreakdown } from './profile.ts';
import { analyze, type Analysis } from './trace/analyze.ts';
import { figures, type Figures } from './trace/figures.ts';
import { Trace } from './trace/record.ts';

const T0 = Date.now();
const log = (...args: unknown[]): void =>
  console.error(`[bench ${((Date.now() - T0) / 1000).toFixed(1).padStart(6)} s]`, ...args);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number): number => Math.round(x * 10) / 10;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const TABLE_SIZES = [1_000, 10_000, 50_000] as const;
/** Runs per size (each on its own numbers, so the background's cache never answers): the median run is reported. */
const REPEATS: Record<number, number> = { 1000: 3, 10000: 3, 50000: 5 };
/** The 50k table is watched rendering for this long after load, then rendering is switched off so the scan can finish. */
const VISIBLE_CAP_MS = 25_000;
const SPA = { rows: 2_000, intervalMs: 500, renders: 10 };
const LATE = { count: 5, gapMs: 400 };
const IDLE_WINDOW_MS = 3_000;
const PROSE_BYTES = 1_000_000;

const GOALS = {
  longestTaskMs: 50,
  scriptVsBareWalk: 3,
  /**
   * "Linear": between two sizes, scan time grows like size^k; k = 1 is linear. Allowed up to this exponent (fixed
   * costs make k < 1 between small sizes; GC of a growing heap pushes it above 1).
   */
  linearExponent: 1.25,
  lateNumberMs: 150,
  injectedGzipBytes: 40 * 1024,
  /**
   * Idle cost, as a ratio: all our main-thread time on 1 MB of prose without numbers, against a bare walk of the same
   * page as its first reader, measured in the same run (an absolute figure was below what any content script pays to
   * read a 1 MB page once).
   */
  idleVsFirstReaderWalk: 1.5,
  /** The checks at a click: from the pointer's release to the message leaving (bench/clicks.ts). */
  clickChecksMs: 2,
};
/** Clicks measured per run: on prose marks after a rest, on cells of the 10k table after a rest, and with no rest. */
const CLICKS = { prose: 20, table: 10, quick: 8, hoverMs: 300 };

interface Ctx {
  ctx: BrowserContext;
  server: PageServer;
  origin: string;
}

async function tracedPage(
  c: BrowserContext,
): Promise<{ page: Page; cdp: CDPSession; trace: Trace; close(): Promise<void> }> {
  const page = await c.newPage();
  const cdp = await c.newCDPSession(page);
  const trace = new Trace(cdp);
  await trace.start();
  return {
    page,
    cdp,
    trace,
    close: async () => {
      await cdp.detach().catch(() => undefined);
      await page.close().catch(() => undefined);
    },
  };
}

/**
 * The bare walk as our content script meets the page: the first pass in a fresh isolated world, where every node
 * still needs its JavaScript wrapper (the main-world median below reuses wrappers from the previous passes).
 */
async function coldWalk(cdp: CDPSession): Promise<number> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'bench-cold-walk',
  });
  const r = await cdp.send('Runtime.evaluate', {
    expression: bareWalk(1),
    contextId: executionContextId,
    returnByValue: true,
  });
  return (r.result.value as { times: number[] }).times[0]!;
}

/**
 * The bare walk as the first reader of a freshly loaded copy of the page: what our content script meets. A later walk,
 * even in a fresh isolated world, is cheaper: on the 1 MB prose page and the 10k table, in Chromium without our scan,
 * the first fresh-world walk after load took about 1.6× as long as the second (medians of six pages). The copy
 * (UNTOUCHED) carries data-ipbx-ignore on <html>, so our content script is injected but reads nothing of it.
 */
async function firstReaderWalk(c: Ctx, path: string): Promise<number> {
  const page = await c.ctx.newPage();
  try {
    const cdp = await c.ctx.newCDPSession(page);
    await page.goto(c.server.url(`${path}${UNTOUCHED}`), { waitUntil: 'load', timeout: 180_000 });
    await sleep(1_000);
    const ms = await coldWalk(cdp);
    const marks = (await page.evaluate(COUNT_MARKS)) as number;
    if (marks !== 0)
      throw new Error(`bench: our script linked ${marks} numbers on ${path}${UNTOUCHED}, which it should leave alone`);
    return ms;
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Path suffix of a page's copy that our scanner leaves alone (see firstReaderWalk). */
const UNTOUCHED = '-untouched';
function untouched(html: string): string {
  const out = html.replace(/<html\b/, '<html data-ipbx-ignore');
  if (out === html) throw new Error('bench: a page without <html> tag');
  return out;
}

/** BENCH_TRACE_DIR=dir keeps every trace (Chrome's JSON format: open in chrome://tracing or Perfetto). */
function keepTrace(name: string, events: unknown[]): void {
  const dir = process.env.BENCH_TRACE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ traceEvents: events }));
}

/** BENCH_PROFILE_DIR=dir keeps each CPU profile (open it in DevTools; with NO_MINIFY=1 the bench's build keeps lines). */
function keepProfile(path: string, profile: unknown): void {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${path.replace(/\W+/g, '-').replace(/^-/, '')}.cpuprofile`), JSON.stringify(profile));
}

function attribution(origin: string, url: string): { extensionOrigin: string; worldName: null; pageUrl: string } {
  return { extensionOrigin: origin, worldName: null, pageUrl: url };
}

/** Drops the noisy parts of the figures for the JSON. */
function brief(f: Figures): Record<string, unknown> {
  return {
    scriptMs: f.scriptMs,
    injectMs: f.injectMs,
    scriptTasks: f.scriptTasks,
    longestScriptTaskMs: f.longestScriptTaskMs,
    scriptCpuMs: f.scriptCpuMs,
    longestScriptTaskCpuMs: f.longestScriptTaskCpuMs,
    scriptTasksOver50: f.scriptTasksOver50,
    gcInScriptMs: f.gcInScriptMs,
    longestGcInScriptTaskMs: f.longestGcInScriptTaskMs,
    ephemeronInScriptMs: f.ephemeronInScriptMs,
    inducedRenderMs: f.inducedRenderMs,
    inducedRenderTasks: f.inducedRenderTasks,
    longestInducedRenderMs: f.longestInducedRenderMs,
    inducedRenderOver50: f.inducedRenderOver50,
    sharedRenderTasks: f.sharedRenderTasks,
    longestSharedRenderMs: f.longestSharedRenderMs,
    browserTextCaptureMs: f.browserTextCaptureMs,
    browserTextCaptureInOursMs: f.browserTextCaptureInOursMs,
    longestCausedByUsMs: f.longestCausedByUsMs,
    longestPageTaskMs: f.longestPageTaskMs,
    backgroundMs: f.backgroundMs,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface TableResult {
  rows: number;
  nodes: { nodes: number; text: number; chars: number };
  check: {
    marks: number;
    telCells: number;
    inTel: number;
    elsewhere: number;
    partial: number;
    unlinked: number;
    wrong: string[];
  };
  allLinked: boolean;
  figures: Figures;
  /** Scripting minus evaluating the script: the part that depends on the page. */
  scanScriptMs: number;
  /** The same in thread CPU time (see Figures.scriptCpuMs). */
  scanScriptCpuMs: number;
  perRowUs: number;
  bareWalkMs: { median: number; runs: number[]; coldFirstPass: number; firstReader: number };
  scanVsBareWalk: number;
  loadEventMs: number | null;
  injectedAtMs: number | null;
  allLinkedAtMs: number | null;
  scanDurationMs: number | null;
  /** Every run of this size (when repeated). */
  repeats?: Record<string, (number | boolean)[]>;
  /** Worst over the repeated runs (= this run's figures when not repeated). */
  worstLongestCausedByUsMs: number;
  worstLongestScriptTaskMs: number;
  worstLongestInducedRenderMs: number;
  /** Only when the visible phase was capped (50k). */
  visiblePhase?: {
    ms: number;
    marks: number;
    marksPerS: number;
    projectedAllLinkedS: number;
    figures: Record<string, unknown>;
  };
}

async function runTable(c: Ctx, rows: number, repeat: number): Promise<TableResult> {
  const url = c.server.url(`/table-${rows}-${repeat}`);
  const poll = rows >= 50_000 ? 1_000 : rows >= 10_000 ? 250 : 100;
  const { page, cdp, trace, close } = await tracedPage(c.ctx);
  const wall0 = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
  const loaded = Date.now(); // our script is injected at document_idle: about now
  log(`table ${rows} #${repeat + 1}: loaded in ${loaded - wall0} ms`);
  let count = 0;
  let hidAt: number | null = null;
  let marksWhenHidden = 0;
  let stableSince = Date.now();
  for (;;) {
    const n = (await page.evaluate(COUNT_MARKS)) as number;
    if (n !== count) stableSince = Date.now();
    count = n;
    if (count >= rows) break;
    if (Date.now() - stableSince > 15_000) {
      log(`table ${rows}: stuck at ${count} marks for 15 s, giving up`);
      break;
    }
    if (hidAt === null && rows >= 50_000 && Date.now() - loaded > VISIBLE_CAP_MS) {
      marksWhenHidden = count;
      hidAt = (await page.evaluate(PAGE_NOW)) as number;
      await page.evaluate(HIDE_PAGE);
      log(
        `table ${rows}: ${count} marks after ${VISIBLE_CAP_MS / 1000} s of rendering; rendering switched off to finish the scan`,
      );
    }
    if (Date.now() - wall0 > 170_000) {
      log(`table ${rows}: giving up after 170 s at ${count} marks`);
      break;
    }
    await sleep(poll);
  }
  await sleep(400); // the last rendering update
  const events = await trace.stop();
  keepTrace(`table-${rows}-${repeat}`, events);
  const cold = await coldWalk(cdp);
  const check = (await page.evaluate(CHECK_TABLE)) as TableResult['check'];
  const nodes = (await page.evaluate(NODE_COUNT)) as TableResult['nodes'];
  const walk = (await page.evaluate(bareWalk(5))) as { times: number[] };
  await close();
  const first = await firstReaderWalk(c, `/table-${rows}-${repeat}`);
  const a = analyze(events, attribution(c.origin, url));
  const f = figures(a);
  const scan = f.scriptMs - f.injectMs;
  const bare = median(walk.times);
  const result: TableResult = {
    rows,
    nodes,
    check,
    allLinked: check.inTel === rows && check.elsewhere === 0 && check.unlinked === 0 && check.partial === 0,
    figures: f,
    scanScriptMs: r1(scan),
    scanScriptCpuMs: r1(f.scriptCpuMs - f.injectCpuMs),
    perRowUs: r1((scan * 1000) / rows),
    bareWalkMs: {
      median: Math.round(bare * 100) / 100,
      runs: walk.times.map((t) => Math.round(t * 100) / 100),
      coldFirstPass: r1(cold),
      firstReader: r1(first),
    },
    scanVsBareWalk: r1(scan / bare),
    loadEventMs: a.loadEvent === null ? null : r1(a.loadEvent),
    injectedAtMs: f.firstOursAtMs,
    allLinkedAtMs: f.lastOursAtMs,
    scanDurationMs: f.firstOursAtMs !== null && f.lastOursAtMs !== null ? r1(f.lastOursAtMs - f.firstOursAtMs) : null,
    worstLongestCausedByUsMs: f.longestCausedByUsMs,
    worstLongestScriptTaskMs: f.longestScriptTaskMs,
    worstLongestInducedRenderMs: f.longestInducedRenderMs,
  };
  if (hidAt !== null && f.firstOursAtMs !== null) {
    const ms = hidAt - f.firstOursAtMs;
    const rate = marksWhenHidden / (ms / 1000);
    result.visiblePhase = {
      ms: r1(ms),
      marks: marksWhenHidden,
      marksPerS: r1(rate),
      projectedAllLinkedS: r1(rows / rate),
      figures: brief(figures(a, 0, hidAt)),
    };
  }
  log(
    `table ${rows}: ${check.inTel}/${rows} linked (${check.elsewhere} elsewhere), our script ${f.scriptMs} ms, longest script task ${f.longestScriptTaskMs} ms, ` +
      `induced rendering ${f.inducedRenderMs} ms (longest ${f.longestInducedRenderMs} ms), bare walk ${r1(bare)} ms`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// 1 MB of prose: what we cost on a page with nothing to link

async function runIdle(c: Ctx): Promise<Record<string, unknown> & { totalMs: number; marks: number }> {
  const url = c.server.url('/prose');
  const { page, cdp, trace, close } = await tracedPage(c.ctx);
  await page.goto(url, { waitUntil: 'load' });
  await sleep(IDLE_WINDOW_MS);
  const events = await trace.stop();
  keepTrace('prose', events);
  const cold = await coldWalk(cdp);
  const marks = (await page.evaluate(COUNT_MARKS)) as number;
  const nodes = await page.evaluate(NODE_COUNT);
  const walk = (await page.evaluate(bareWalk(5))) as { times: number[] };
  await close();
  const first = await firstReaderWalk(c, '/prose');
  const a = analyze(events, attribution(c.origin, url));
  const f = figures(a);
  const after = f.firstOursAtMs === null ? null : figures(a, f.firstOursAtMs + 1_000);
  log(`prose: ${marks} marks, our main-thread time ${f.scriptMs} ms (evaluating the script ${f.injectMs} ms)`);
  return {
    bytes: PROSE_BYTES,
    nodes,
    marks,
    windowMs: IDLE_WINDOW_MS,
    totalMs: f.scriptMs,
    totalCpuMs: f.scriptCpuMs,
    injectMs: f.injectMs,
    scanMs: r1(f.scriptMs - f.injectMs - (after?.scriptMs ?? 0)),
    laterMs: after?.scriptMs ?? 0,
    longestScriptTaskMs: f.longestScriptTaskMs,
    scriptTasks: f.scriptTasks,
    inducedRenderMs: f.inducedRenderMs,
    bareWalkMs: Math.round(median(walk.times) * 100) / 100,
    bareWalkColdMs: r1(cold),
    bareWalkFirstReaderMs: r1(first),
    loadEventMs: a.loadEvent === null ? null : r1(a.loadEvent),
    injectedAtMs: f.firstOursAtMs,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The SPA: 2,000 rows replaced every 500 ms

interface SpaRender {
  k: number;
  t0: number;
  renderMs: number;
  allLinkedAt: number | null;
  linkedAtNext: number | null;
}

async function runSpa(
  c: Ctx,
  withExtension: boolean,
): Promise<{ json: Record<string, unknown>; analysis: Analysis; startAt: number }> {
  const url = c.server.url('/spa');
  const { page, trace, close } = await tracedPage(c.ctx);
  await page.goto(url, { waitUntil: 'load' });
  if (withExtension)
    await page.waitForSelector('[data-ipbx-number]', { timeout: 15_000 }); // the header number: we are running
  else await sleep(500);
  await sleep(300);
  const startAt = (await page.evaluate(PAGE_NOW)) as number;
  await page.evaluate('window.__startSpa()');
  await page.waitForFunction('window.__spa.done', undefined, { timeout: 30_000, polling: 250 });
  await sleep(1_000);
  const endAt = (await page.evaluate(PAGE_NOW)) as number;
  const events = await trace.stop();
  keepTrace(withExtension ? 'spa' : 'control-spa', events);
  const state = (await page.evaluate(
    '({ renders: window.__spa.renders.map(({ k, t0, renderMs, allLinkedAt, linkedAtNext }) => ({ k, t0, renderMs, allLinkedAt, linkedAtNext })), final: document.querySelectorAll("#rows [data-ipbx-number]").length, elsewhere: document.querySelectorAll("#rows td:not(.tel)[data-ipbx-number], #rows td:not(.tel) [data-ipbx-number]").length })',
  )) as { renders: SpaRender[]; final: number; elsewhere: number };
  await close();
  const analysis = analyze(events, attribution(c.origin, url));
  const f = figures(analysis, startAt, endAt);
  const linkMs = state.renders.map((r) => (r.allLinkedAt === null ? null : r1(r.allLinkedAt - r.t0)));
  const everyRenderLinked = state.renders.every(
    (r, i) => r.allLinkedAt !== null && (i === state.renders.length - 1 || r.linkedAtNext === SPA.rows),
  );
  const known = linkMs.filter((x): x is number => x !== null);
  if (withExtension) {
    log(
      `spa: every render linked before the next: ${everyRenderLinked}, link time per render median ${median(known)} ms max ${Math.max(...known)} ms, ` +
        `our script ${f.scriptMs} ms, longest ${f.longestCausedByUsMs} ms`,
    );
  }
  return {
    analysis,
    startAt,
    json: {
      ...SPA,
      windowMs: r1(endAt - startAt),
      everyRenderLinked,
      finalMarks: state.final,
      elsewhere: state.elsewhere,
      linkMsPerRender: linkMs,
      linkMsMedian: known.length ? r1(median(known)) : null,
      linkMsMax: known.length ? r1(Math.max(...known)) : null,
      marksAtNextRender: state.renders.map((r) => r.linkedAtNext),
      pageRenderMs: state.renders.map((r) => r1(r.renderMs)),
      figures: brief(f),
      scriptMsPerRender: r1(f.scriptMs / SPA.renders),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Late numbers: one number appended after load, five times

async function runLate(c: Ctx): Promise<{ deltas: (number | null)[]; json: Record<string, unknown> }> {
  const url = c.server.url('/late');
  const { page, trace, close } = await tracedPage(c.ctx);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction('document.querySelectorAll("[data-ipbx-number]").length >= 50', undefined, {
    timeout: 15_000,
    polling: 100,
  });
  await sleep(500);
  const startAt = (await page.evaluate(PAGE_NOW)) as number;
  await page.evaluate('window.__startLate()');
  await page.waitForFunction('window.__late.done', undefined, { timeout: 20_000, polling: 100 });
  await sleep(300);
  const events = await trace.stop();
  keepTrace('late', events);
  const items = (await page.evaluate('window.__late.items.map(({ i, t0, linkedAt }) => ({ i, t0, linkedAt }))')) as {
    i: number;
    t0: number;
    linkedAt: number | null;
  }[];
  await close();
  const f = figures(analyze(events, attribution(c.origin, url)), startAt);
  const deltas = items.map((x) => (x.linkedAt === null ? null : r1(x.linkedAt - x.t0)));
  const ok = deltas.filter((x): x is number => x !== null);
  log(`late: ${ok.length}/${LATE.count} linked, ms: ${deltas.join(', ')}`);
  return {
    deltas,
    json: {
      ...LATE,
      linked: ok.length,
      msEach: deltas,
      msMedian: ok.length ? r1(median(ok)) : null,
      msMax: ok.length ? r1(Math.max(...ok)) : null,
      figures: brief(f),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Where the time goes: CPU profiles (no tracing) of the 10k table with rendering off, and of the prose page

async function runProfile(
  c: Ctx,
  source: ProfileSource,
  path: string,
  marks: number,
): Promise<PhaseBreakdown & { page: string; wallMs: number }> {
  const page = await c.ctx.newPage();
  await page.goto(c.server.url('/blank')); // same site: the profiler stays with this renderer across the navigation
  const cdp = await c.ctx.newCDPSession(page);
  await startProfile(cdp);
  const wall0 = Date.now();
  await page.goto(c.server.url(path), { waitUntil: 'load' });
  if (marks > 0) await page.waitForFunction(`${COUNT_MARKS} >= ${marks}`, undefined, { timeout: 60_000, polling: 100 });
  const wallMs = Date.now() - wall0;
  await sleep(marks > 0 ? 200 : 2_000);
  const profile = await stopProfile(cdp);
  keepProfile(path, profile);
  await cdp.detach();
  await page.close();
  const p = phases(profile, source, c.origin);
  log(`profile ${path}: ${JSON.stringify(p.phases)}, GC ${p.gcMs} ms`);
  return { page: path, ...p, wallMs };
}

/** The SPA's first render alone (2,000 numbers never seen): where our time goes until the page renders again. */
async function runSpaProfile(
  c: Ctx,
  source: ProfileSource,
): Promise<PhaseBreakdown & { page: string; linkedAtNext: number | null }> {
  const page = await c.ctx.newPage();
  await page.goto(c.server.url('/spa'), { waitUntil: 'load' });
  await page.waitForSelector('[data-ipbx-number]', { timeout: 15_000 });
  await sleep(300);
  const cdp = await c.ctx.newCDPSession(page);
  await startProfile(cdp);
  await page.evaluate('window.__startSpa()');
  await page.waitForFunction('window.__spa.renders.length >= 2', undefined, { timeout: 10_000, polling: 20 });
  const profile = await stopProfile(cdp);
  keepProfile('/spa-first-render', profile);
  const linkedAtNext = (await page.evaluate('window.__spa.renders[0].linkedAtNext')) as number | null;
  await cdp.detach();
  await page.close();
  const p = phases(profile, source, c.origin);
  log(
    `profile /spa first render: ${JSON.stringify(p.phases)}, GC ${p.gcMs} ms, linked before the next: ${linkedAtNext}`,
  );
  return { page: '/spa (first render)', ...p, linkedAtNext };
}

// ---------------------------------------------------------------------------------------------------------------
// Control: the same pages in Chromium without the extension

// ---------------------------------------------------------------------------------------------------------------
// Clicks, and comparing builds

/** The checks at a click (bench/clicks.ts): prose marks and 10k-table cells after a rest, and prose with no rest. */
async function clickFigures(c: Ctx): Promise<ClickFigures[]> {
  const rested = { hoverMs: CLICKS.hoverMs };
  const out = [
    await runClicks(c.ctx, c.server.url('/clicks'), {
      ...rested,
      count: CLICKS.prose,
      label: 'prose',
      linked: CLICKS.prose + CLICKS.quick,
    }),
    await runClicks(c.ctx, c.server.url('/table-10000'), {
      ...rested,
      count: CLICKS.table,
      stride: 97,
      label: 'table-10k',
      linked: 10_000,
    }),
    await runClicks(c.ctx, c.server.url('/clicks'), { hoverMs: 0, count: CLICKS.quick, label: 'prose, no rest' }),
  ];
  for (const f of out)
    log(
      `clicks ${f.page} (rest ${f.hoverMs} ms): ${f.ms.length}/${f.clicks} measured, median ${f.medianMs} ms, max ${f.maxMs} ms`,
    );
  return out;
}

/** Chromium with the build in `dist`, configured as alice and connected to the simulator (the `n`-th connection). */
async function connectedExtension(
  dist: string,
  sim: Simulator,
  n: number,
): Promise<{ ext: ExtensionBrowser; origin: string }> {
  const ext = await launchExtension({ dist });
  await configure(await ext.worker(), {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  await sim.waitForAuthenticated(n, 15_000);
  log(`extension ${ext.extensionId} (${dist}) connected to the simulator`);
  return { ext, origin: `chrome-extension://${ext.extensionId}/` };
}

/** Per build and page: the medians of the figures that compare builds (CPU time first: wall time holds the machine). */
function compareSummary(
  runs: Record<string, unknown>[],
): Record<string, Record<string, Record<string, number | null>>> {
  const out: Record<string, Record<string, Record<string, number | null>>> = {};
  const pick = (r: Record<string, unknown>): Record<string, number> => {
    const f = (r.figures ?? {}) as Record<string, unknown>;
    const num = (v: unknown): v is number => typeof v === 'number';
    const fields: Record<string, unknown> = {
      totalMs: r.totalMs,
      totalCpuMs: r.totalCpuMs,
      injectMs: r.injectMs,
      scanMs: r.scanMs,
      scanScriptMs: r.scanScriptMs,
      scanScriptCpuMs: r.scanScriptCpuMs,
      longestCausedByUsMs: f.longestCausedByUsMs,
      bareWalkFirstReaderMs:
        r.bareWalkFirstReaderMs ?? (r.bareWalkMs as Record<string, unknown> | undefined)?.firstReader,
    };
    return Object.fromEntries(Object.entries(fields).filter((e): e is [string, number] => num(e[1])));
  };
  const groups = new Map<string, Record<string, number>[]>();
  for (const r of runs) {
    const key = `${String(r.build)}\u0000${String(r.name)}`;
    groups.set(key, [...(groups.get(key) ?? []), pick(r)]);
  }
  for (const [key, list] of groups) {
    const [build = '', name = ''] = key.split('\u0000');
    const fields = [...new Set(list.flatMap((x) => Object.keys(x)))];
    out[build] ??= {};
    out[build][name] = Object.fromEntries(
      fields.map((k) => [k, r1(median(list.map((x) => x[k]).filter((v): v is number => v !== undefined)))]),
    );
  }
  return out;
}

async function runControl(server: PageServer): Promise<{ version: string; json: Record<string, unknown> }> {
  const browser = await launchControl();
  const version = browser.version();
  const context = await browser.newContext();
  const c: Ctx = { ctx: context, server, origin: 'chrome-extension://none/' };
  const out: Record<string, unknown> = {};
  for (const path of ['/table-10000', '/prose']) {
    const url = server.url(path);
    const { page, trace, close } = await tracedPage(context);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await sleep(IDLE_WINDOW_MS);
    const events = await trace.stop();
    keepTrace(`control-${path.slice(1)}`, events);
    const walk = (await page.evaluate(bareWalk(5))) as { times: number[] };
    await close();
    const a = analyze(events, attribution(c.origin, url));
    const all = figures(a);
    // The page after load: the first paint of a big page may still come after the load event, so the window where
    // nothing should happen starts a second later.
    const quiet = a.tasks.filter((t) => a.loadEvent !== null && t.start > a.loadEvent + 1_000 && !t.bench);
    out[path.slice(1)] = {
      loadEventMs: a.loadEvent === null ? null : r1(a.loadEvent),
      attributedToExtensionMs: all.scriptMs,
      tasksWithLayoutFrom1sAfterLoad: quiet.filter((t) => t.layout > 0).length,
      longestTaskFrom1sAfterLoadMs: r1(Math.max(0, ...quiet.map((t) => t.dur))),
      longestTaskDuringLoadMs: all.longestPageTaskMs,
      bareWalkMs: Math.round(median(walk.times) * 100) / 100,
    };
    log(`control ${path}: ${JSON.stringify(out[path.slice(1)])}`);
  }
  const spa = await runSpa(c, false);
  const tasks = spa.analysis.tasks.filter((t) => t.start >= spa.startAt && !t.bench);
  out.spa = {
    attributedToExtensionMs: figures(spa.analysis, spa.startAt).scriptMs,
    pageRenderMs: spa.json.pageRenderMs,
    longestTaskMs: r1(Math.max(0, ...tasks.map((t) => t.dur))),
    renderingTasksWithLayout: tasks.filter((t) => t.layout > 0).length,
    longestRenderingTaskMs: r1(Math.max(0, ...tasks.filter((t) => t.layout > 0).map((t) => t.dur))),
  };
  log(`control /spa: ${JSON.stringify(out.spa)}`);
  await browser.close();
  return { version, json: out };
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  preflight();
  // Other work on the machine shows in every figure: the load average is part of the result.
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  // BENCH_DIST=<dir>: measure a build made elsewhere (another commit's dist/chrome), copied first; no source maps, so
  // no CPU-profile phases. Otherwise the bench builds its own copy with source maps.
  const given = process.env.BENCH_DIST;
  log(given ? `measuring the build in ${given}` : 'building the extension with source maps');
  const snap = given ? await copyBuild(given) : await buildForBench();
  const files = snap.files;
  let sim: Simulator | null = null;
  let server: PageServer | null = null;
  let ext: ExtensionBrowser | null = null;
  try {
    // What every page gets injected.
    const injected = [...files.js, ...files.css].map((f) => {
      const raw = readFileSync(join(snap.dir, f));
      return { file: f, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    });
    const gzipTotal = injected.reduce((s, x) => s + x.gzipBytes, 0);
    log(`injected: ${injected.map((x) => `${x.file} ${x.bytes} B (gzip ${x.gzipBytes} B)`).join(', ')}`);

    log('generating pages');
    const routes: Record<string, string> = { '/blank': '<!doctype html><html lang="cs"><body></body></html>' };
    TABLE_SIZES.forEach((rows, i) => {
      for (let r = 0; r < REPEATS[rows]!; r++) routes[`/table-${rows}-${r}`] = tablePage(10 * (i + 1) + r, rows);
    });
    routes['/table-10000'] = tablePage(9, 10_000); // the control's and the profile's
    routes['/table-10000-hidden'] = routes['/table-10000']!.replace(
      '<head>',
      '<head><style>html{display:none!important}</style>',
    );
    if (process.env.BENCH_ONLY?.includes('profile-50k'))
      routes['/table-50000-hidden'] = tablePage(8, 50_000).replace(
        '<head>',
        '<head><style>html{display:none!important}</style>',
      );
    routes['/prose'] = prosePage(PROSE_BYTES);
    for (const path of Object.keys(routes))
      if (path === '/prose' || /^\/table-\d+-\d+$/.test(path)) routes[`${path}${UNTOUCHED}`] = untouched(routes[path]!);
    routes['/spa'] = spaPage(4, SPA);
    routes['/late'] = latePage(5, LATE);
    routes['/clicks'] = clickPage(6, CLICKS.prose + CLICKS.quick);
    for (const [k, v] of Object.entries(routes))
      if (k !== '/blank' && !k.endsWith(UNTOUCHED)) log(`  ${k}: ${(Buffer.byteLength(v) / 1024).toFixed(0)} KB`);
    server = await servePages(routes);

    sim = await startSimulator();
    const started = await connectedExtension(snap.dir, sim, 1);
    ext = started.ext;
    const c: Ctx = { ctx: ext.ctx, server, origin: started.origin };
    // Read when a profile is asked for: a build made elsewhere (BENCH_DIST) has no source maps.
    let sourceMap: ProfileSource | null = null;
    const source = (): ProfileSource => (sourceMap ??= ProfileSource.forScript(join(snap.dir, files.js[0]!)));

    // BENCH_ONLY=prose,prose,spa,late,table-1k,profile runs just those pages, in that order (repeats allowed), and
    // prints their figures without goals: for iterating on one scenario. With BENCH_COMPARE=<another build's
    // dist/chrome>, each page runs on both builds in turn (the order swapped every time), in two browsers open at once.
    const only = process.env.BENCH_ONLY?.split(',')
      .map((x) => x.trim())
      .flatMap((x) => (x === 'table-50k-x5' ? Array<string>(REPEATS[50_000]!).fill('table-50k') : [x]));
    if (only) {
      const runNamed = async (
        at: Ctx,
        name: string,
        i: number,
        src: () => ProfileSource = source,
      ): Promise<Record<string, unknown>> => {
        const rows = TABLE_SIZES.find((n) => name === `table-${n / 1000}k`);
        if (rows) return { name, ...(await runTable(at, rows, i % REPEATS[rows]!)) };
        if (name === 'prose') return { name, ...(await runIdle(at)) };
        if (name === 'spa') return { name, ...(await runSpa(at, true)).json };
        if (name === 'late') return { name, ...(await runLate(at)).json };
        if (name === 'clicks') return { name, clicks: await clickFigures(at) };
        if (name === 'profile')
          return {
            name,
            profiles: [
              await runProfile(at, src(), '/table-10000-hidden', 10_000),
              await runProfile(at, src(), '/prose', 0),
            ],
          };
        if (name === 'profile-prose') return { name, ...(await runProfile(at, src(), '/prose', 0)) };
        if (name === 'profile-50k') return { name, ...(await runProfile(at, src(), '/table-50000-hidden', 50_000)) };
        if (name === 'profile-spa') return { name, ...(await runSpaProfile(at, src())) };
        throw new Error(`BENCH_ONLY: unknown page ${name}`);
      };
      const other = process.env.BENCH_COMPARE;
      const runs: Record<string, unknown>[] = [];
      if (!other) {
        for (const [i, name] of only.entries()) runs.push(await runNamed(c, name, i));
        process.stdout.write(`${JSON.stringify({ only, injected, loadAverage: loadavg(), runs }, null, 2)}\n`);
        return;
      }
      const copy = await copyBuild(other);
      const second = await connectedExtension(copy.dir, sim, 2);
      try {
        let otherMap: ProfileSource | null = null;
        const otherSource = (): ProfileSource =>
          (otherMap ??= ProfileSource.forScript(join(copy.dir, copy.files.js[0] ?? '')));
        const builds = [
          { build: given ?? 'this tree', at: c, src: source },
          { build: other, at: { ctx: second.ext.ctx, server, origin: second.origin }, src: otherSource },
        ];
        for (const [i, name] of only.entries()) {
          for (const b of i % 2 === 0 ? builds : [...builds].reverse()) {
            log(`compare: ${name} on ${b.build}`);
            runs.push({ build: b.build, ...(await runNamed(b.at, name, i, b.src)) });
          }
        }
      } finally {
        await second.ext.close().catch(() => undefined);
        await copy.remove().catch(() => undefined);
      }
      const summary = compareSummary(runs);
      process.stdout.write(
        `${JSON.stringify({ only, compare: other, injected, loadAverage: loadavg(), summary, runs }, null, 2)}\n`,
      );
      return;
    }

    const tables: TableResult[] = [];
    for (const rows of TABLE_SIZES) {
      const runs: TableResult[] = [];
      for (let r = 0; r < REPEATS[rows]!; r++) runs.push(await runTable(c, rows, r));
      // The median run by scan time stands for the size; the worst tasks of every run are kept.
      const sorted = [...runs].sort((a, b) => a.scanScriptMs - b.scanScriptMs);
      const rep = sorted[(sorted.length - 1) >> 1]!;
      if (runs.length > 1) {
        rep.repeats = {
          scanScriptMs: runs.map((x) => x.scanScriptMs),
          scanScriptCpuMs: runs.map((x) => x.scanScriptCpuMs),
          longestCausedByUsMs: runs.map((x) => x.figures.longestCausedByUsMs),
          bareWalkMedianMs: runs.map((x) => x.bareWalkMs.median),
          longestScriptTaskMs: runs.map((x) => x.figures.longestScriptTaskMs),
          longestInducedRenderMs: runs.map((x) => x.figures.longestInducedRenderMs),
          allLinked: runs.map((x) => x.allLinked),
        };
        rep.allLinked = runs.every((x) => x.allLinked);
        rep.worstLongestCausedByUsMs = Math.max(...runs.map((x) => x.figures.longestCausedByUsMs));
        rep.worstLongestScriptTaskMs = Math.max(...runs.map((x) => x.figures.longestScriptTaskMs));
        rep.worstLongestInducedRenderMs = Math.max(...runs.map((x) => x.figures.longestInducedRenderMs));
      }
      tables.push(rep);
    }
    const idle = await runIdle(c);
    const spa = await runSpa(c, true);
    const late = await runLate(c);
    const clicks = await clickFigures(c);
    // A build made elsewhere (BENCH_DIST) has no source maps to name the rooms with: no profiles then.
    const profile = given
      ? []
      : [await runProfile(c, source(), '/table-10000-hidden', 10_000), await runProfile(c, source(), '/prose', 0)];
    await ext.close();
    ext = null;
    const control = await runControl(server);

    // ----- goals
    const pages: Record<string, unknown> = {};
    for (const t of tables) pages[`table-${t.rows / 1000}k`] = t;
    pages['prose-1MB'] = idle;
    pages.spa = spa.json;
    pages.late = late.json;
    pages.clicks = clicks;

    const byPage = (pick: (f: Record<string, unknown>) => number): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const t of tables) {
        out[`table-${t.rows / 1000}k`] = pick({
          longestCausedByUsMs: t.worstLongestCausedByUsMs,
          longestScriptTaskMs: t.worstLongestScriptTaskMs,
          longestInducedRenderMs: t.worstLongestInducedRenderMs,
        });
      }
      out['prose-1MB'] = pick({
        longestCausedByUsMs: idle.longestScriptTaskMs,
        longestScriptTaskMs: idle.longestScriptTaskMs,
        longestInducedRenderMs: 0,
      });
      out.spa = pick(spa.json.figures as Record<string, unknown>);
      out.late = pick(late.json.figures as Record<string, unknown>);
      return out;
    };
    const longest = byPage((f) => f.longestCausedByUsMs as number);
    const longestScript = byPage((f) => f.longestScriptTaskMs as number);
    const longestRender = byPage((f) => f.longestInducedRenderMs as number);
    const worstLongest = Math.max(...Object.values(longest));
    const exponents = tables.slice(1).map((t, i) => {
      const prev = tables[i]!;
      return Math.round((Math.log(t.scanScriptMs / prev.scanScriptMs) / Math.log(t.rows / prev.rows)) * 100) / 100;
    });
    const exponentKeys = tables.slice(1).map((t, i) => `${tables[i]!.rows / 1000}k→${t.rows / 1000}k`);
    const ratios = Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.scanVsBareWalk]));
    const lateOk = late.deltas.filter((x): x is number => x !== null);
    const idleRatio = r1(idle.totalMs / Number(idle.bareWalkFirstReaderMs));
    const rested = clicks.filter((f) => f.hoverMs > 0);
    const fiftyK = tables.find((t) => t.rows === 50_000);
    const fiftyKRuns = (fiftyK?.repeats?.longestCausedByUsMs ?? [fiftyK?.worstLongestCausedByUsMs]).filter(
      (x): x is number => typeof x === 'number',
    );
    const lateMax = lateOk.length === LATE.count ? Math.max(...lateOk) : Infinity;

    const goals = [
      {
        figure: 'all numbers linked',
        goal: 'every phone number linked, no date/id/price linked',
        measured: {
          ...Object.fromEntries(
            tables.map((t) => [
              `table-${t.rows / 1000}k`,
              `${t.check.inTel}/${t.rows} (+${t.check.elsewhere} elsewhere, ${t.check.unlinked} cells unlinked)`,
            ]),
          ),
          'prose-1MB': `${idle.marks} marks (expected 0)`,
          spa: `every render linked before the next: ${spa.json.everyRenderLinked}, final ${spa.json.finalMarks}/${SPA.rows}`,
          late: `${lateOk.length}/${LATE.count}`,
        },
        pass:
          tables.every((t) => t.allLinked) &&
          idle.marks === 0 &&
          spa.json.everyRenderLinked === true &&
          spa.json.finalMarks === SPA.rows &&
          lateOk.length === LATE.count,
        note: 'the 50k table finished only after rendering was switched off (see pages.table-50k.visiblePhase for the projected time with rendering)',
      },
      {
        figure: 'longest main-thread task caused by us, at any size',
        goal: `<= ${GOALS.longestTaskMs} ms`,
        measured: {
          worstMs: worstLongest,
          byPage: longest,
          scriptTasksOnlyMs: longestScript,
          scriptTasksOnlyCpuMs: {
            ...Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.figures.longestScriptTaskCpuMs])),
            spa: (spa.json.figures as Record<string, unknown>).longestScriptTaskCpuMs,
            late: (late.json.figures as Record<string, unknown>).longestScriptTaskCpuMs,
          },
          inducedRenderingMs: longestRender,
        },
        pass: worstLongest <= GOALS.longestTaskMs,
        note: 'a task is ours when it runs our script or our messaging; a rendering task (style/layout/paint) is ours when only our script changed the page since the last one',
      },
      {
        figure: 'total scripting time of our content script: linear in page size',
        goal: `scan time ~ rows^k with k <= ${GOALS.linearExponent} between consecutive sizes`,
        measured: {
          exponent: Object.fromEntries(exponentKeys.map((k, i) => [k, exponents[i]])),
          scanScriptMs: Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.scanScriptMs])),
          perRowUs: Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.perRowUs])),
        },
        pass: exponents.every((k) => k <= GOALS.linearExponent),
      },
      {
        figure: 'total scripting time of our content script vs a bare TreeWalker pass (same page, same run)',
        goal: `<= ${GOALS.scriptVsBareWalk}x`,
        measured: {
          ratio: ratios,
          bareWalkMs: Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.bareWalkMs.median])),
          ratioToColdWalk: Object.fromEntries(
            tables.map((t) => [`table-${t.rows / 1000}k`, r1(t.scanScriptMs / t.bareWalkMs.coldFirstPass)]),
          ),
          // For information only (the goal is judged on wall time, above): the cold walk runs alone, after the scan,
          // while our scan shares the two cores with the background's validation and the browser's own work.
          ratioCpuToColdWalk: Object.fromEntries(
            tables.map((t) => [`table-${t.rows / 1000}k`, r1(t.scanScriptCpuMs / t.bareWalkMs.coldFirstPass)]),
          ),
          coldWalkMs: Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.bareWalkMs.coldFirstPass])),
          // The walk in our content script's place: the first to read a freshly loaded copy (see firstReaderWalk).
          ratioToFirstReaderWalk: Object.fromEntries(
            tables.map((t) => [`table-${t.rows / 1000}k`, r1(t.scanScriptMs / t.bareWalkMs.firstReader)]),
          ),
          ratioCpuToFirstReaderWalk: Object.fromEntries(
            tables.map((t) => [`table-${t.rows / 1000}k`, r1(t.scanScriptCpuMs / t.bareWalkMs.firstReader)]),
          ),
          firstReaderWalkMs: Object.fromEntries(
            tables.map((t) => [`table-${t.rows / 1000}k`, t.bareWalkMs.firstReader]),
          ),
        },
        pass: Object.values(ratios).every((x) => x <= GOALS.scriptVsBareWalk),
        note: 'ratio: our scan scripting (without evaluating the script, a constant: see idle cost) / median of 5 bare walks in the main world; ratioToColdWalk: against the first walk in a fresh isolated world (wrappers not yet created, as for our script); ratioCpuToColdWalk: our scan in thread CPU time against that walk (information, not the goal); ratioToFirstReaderWalk: against the same walk as the first reader of a fresh copy of the page, which is what our script meets (the cold walk runs after our scan, on a page and a heap our scan has been through; information, not the goal)',
      },
      {
        figure: 'time to link a late number',
        goal: `<= ${GOALS.lateNumberMs} ms`,
        measured: {
          maxMs: lateOk.length ? Math.max(...lateOk) : null,
          medianMs: late.json.msMedian,
          eachMs: late.deltas,
        },
        pass: lateMax <= GOALS.lateNumberMs,
      },
      {
        figure: 'everything injected into a page, gzip',
        goal: `<= ${GOALS.injectedGzipBytes} B`,
        measured: { gzipBytes: gzipTotal, files: injected },
        pass: gzipTotal <= GOALS.injectedGzipBytes,
      },
      {
        figure: 'idle cost on a page without numbers (1 MB prose) vs a bare walk of it as its first reader',
        goal: `<= ${GOALS.idleVsFirstReaderWalk}x`,
        measured: {
          ratio: idleRatio,
          ratioCpu: r1(Number(idle.totalCpuMs) / Number(idle.bareWalkFirstReaderMs)),
          totalMs: idle.totalMs,
          injectMs: idle.injectMs,
          scanMs: idle.scanMs,
          laterMs: idle.laterMs,
          totalCpuMs: idle.totalCpuMs,
          bareWalkColdMs: idle.bareWalkColdMs,
          bareWalkFirstReaderMs: idle.bareWalkFirstReaderMs,
        },
        pass: idleRatio <= GOALS.idleVsFirstReaderWalk,
        note: `all our main-thread time from injection to ${IDLE_WINDOW_MS / 1000} s after load, against the walk a first reader of the same page needs, in the same run (wall time; the CPU ratio for information)`,
      },
      {
        figure: 'the checks at a click, from the pointer’s release to the message leaving',
        goal: `<= ${GOALS.clickChecksMs} ms per click, after the pointer rested on the number`,
        measured: Object.fromEntries(clicks.map((f) => [f.page, f])),
        pass:
          rested.length > 0 &&
          rested.every((f) => f.ms.length === f.clicks && (f.p90Ms ?? Infinity) <= GOALS.clickChecksMs),
        note: 'measured by the content script (User Timing), judged on the 90th percentile of the clicks after a rest (the first click on a page also compiles the checks: see maxMs); a click with no rest also waits for the browser’s first visibility verdict (IntersectionObserver v2, up to 300 ms) when there is none yet: reported, not judged',
      },
      {
        figure: '50k-row table: longest task caused by us, each run',
        goal: `<= ${GOALS.longestTaskMs} ms in ${REPEATS[50_000]} of ${REPEATS[50_000]} runs`,
        measured: { longestCausedByUsMs: fiftyK?.repeats?.longestCausedByUsMs ?? [fiftyK?.worstLongestCausedByUsMs] },
        pass: fiftyKRuns.length === REPEATS[50_000] && fiftyKRuns.every((ms) => ms <= GOALS.longestTaskMs),
      },
    ];

    const info = {
      timeToAllLinkedMs: Object.fromEntries(tables.map((t) => [`table-${t.rows / 1000}k`, t.scanDurationMs])),
      projectedTimeToAllLinkedWithRenderingS:
        tables.find((t) => t.visiblePhase)?.visiblePhase?.projectedAllLinkedS ?? null,
      spaLinkMsPerRender: spa.json.linkMsPerRender,
      note: 'time from injecting our script to the end of its last task; the 50k table only finished after rendering was switched off (projection: rows / marks-per-second while rendering)',
    };

    const out = {
      bench: 'iPBX Connect content script',
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? '',
        memGB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        chromium: control.version,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
      },
      durationS: r1((Date.now() - T0) / 1000),
      passed: goals.every((g) => g.pass),
      goals,
      info,
      pages,
      profiles: profile,
      control: control.json,
    };
    const json = `${JSON.stringify(out, null, 2)}\n`;
    process.stdout.write(json);
    const file = process.env.BENCH_OUT;
    if (file) writeFileSync(file, json);
    log(`done: ${goals.filter((g) => g.pass).length}/${goals.length} goals met`);
  } finally {
    await ext?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await snap.remove().catch(() => undefined);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
