/** 1 MB of prose: what we cost on a page with nothing to link. */
import { IDLE_RUNS, IDLE_WINDOW_MS, PROSE_BYTES } from '../config.ts';
import { bareWalk, COUNT_MARKS, NODE_COUNT } from '../inpage.ts';
import { keepTrace } from '../keep.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { analyze } from '../trace/analyze.ts';
import { figures } from '../trace/figures.ts';
import { coldWalk, firstReaderWalk } from './bare-walk.ts';
import { attribution, sleep, tracedPage, type Ctx } from './support.ts';

/** The prose page's figures (the JSON's pages["prose-1MB"]); `repeats`: every load's, when there were several. */
export type IdleResult = Record<string, unknown> & {
  totalMs: number;
  totalCpuMs: number;
  bareWalkFirstReaderMs: number;
  marks: number;
  repeats?: { ratio: number[]; totalMs: number[]; totalCpuMs: number[]; bareWalkFirstReaderMs: number[] };
};

/** Our main-thread time against the walk of a first reader of the same page (the idle goal). */
export function idleRatio(r: IdleResult): number {
  return r1(r.totalMs / r.bareWalkFirstReaderMs);
}

/** IDLE_RUNS loads of the prose page, summed up by summarizeIdle. */
export async function runIdleRepeated(c: Ctx): Promise<IdleResult> {
  const runs: IdleResult[] = [];
  for (let i = 0; i < IDLE_RUNS; i++) runs.push(await runIdle(c));
  return summarizeIdle(runs);
}

/**
 * Several loads as one result: the load with the median ratio, every load's figures in `repeats`, and the most marks
 * any load had (there must be none).
 */
export function summarizeIdle(runs: readonly IdleResult[]): IdleResult {
  const byRatio = [...runs].sort((a, b) => idleRatio(a) - idleRatio(b));
  const mid = byRatio[Math.floor(byRatio.length / 2)];
  if (!mid) throw new Error('no prose page was loaded');
  return {
    ...mid,
    marks: Math.max(...runs.map((r) => r.marks)),
    repeats: {
      ratio: runs.map(idleRatio),
      totalMs: runs.map((r) => r.totalMs),
      totalCpuMs: runs.map((r) => r.totalCpuMs),
      bareWalkFirstReaderMs: runs.map((r) => r.bareWalkFirstReaderMs),
    },
  };
}

export async function runIdle(c: Ctx): Promise<IdleResult> {
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
