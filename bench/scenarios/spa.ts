/** The SPA: 2,000 rows replaced every 500 ms. Run with the extension, and without it for the control. */
import { SPA } from '../config.ts';
import { PAGE_NOW } from '../inpage.ts';
import { keepTrace } from '../keep.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { analyze, type Analysis } from '../trace/analyze.ts';
import { figures } from '../trace/figures.ts';
import { attribution, brief, sleep, tracedPage, type Ctx } from './support.ts';

interface SpaRender {
  k: number;
  t0: number;
  renderMs: number;
  allLinkedAt: number | null;
  linkedAtNext: number | null;
}

/** The SPA's figures (`json`), and its analysed trace from `startAt` (page time) for the control. */
export interface SpaResult {
  json: Record<string, unknown>;
  analysis: Analysis;
  startAt: number;
}

export async function runSpa(c: Ctx, withExtension: boolean): Promise<SpaResult> {
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
