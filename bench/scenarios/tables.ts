/**
 * The static tables (1k, 10k, 50k rows), each size run REPEATS times on its own numbers: how long our scan takes, its
 * longest tasks, whether every number (and nothing else) got linked, against a bare walk of the same page.
 */
import { REPEATS, TABLE_SIZES, VISIBLE_CAP_MS } from '../config.ts';
import { bareWalk, CHECK_TABLE, COUNT_MARKS, HIDE_PAGE, NODE_COUNT, PAGE_NOW } from '../inpage.ts';
import { keepTrace } from '../keep.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { analyze } from '../trace/analyze.ts';
import { figures, type Figures } from '../trace/figures.ts';
import { coldWalk, firstReaderWalk } from './bare-walk.ts';
import { attribution, brief, sleep, tracedPage, type Ctx } from './support.ts';

/** One run of a table size (the JSON's pages["table-1k"] and so on: the median run, with every run's worst tasks). */
export interface TableResult {
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

export async function runTable(c: Ctx, rows: number, repeat: number): Promise<TableResult> {
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

/** Every size in turn, each run REPEATS times: the median run stands for its size. */
export async function runTables(c: Ctx): Promise<TableResult[]> {
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
        longestScriptTaskItsCpuMs: runs.map((x) => x.figures.longestScriptTaskItsCpuMs),
        longestScriptTaskItsGcMs: runs.map((x) => x.figures.longestScriptTaskItsGcMs),
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
  return tables;
}
