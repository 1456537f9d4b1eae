/** Late numbers: one number appended after load, five times. */
import { LATE } from '../config.ts';
import { PAGE_NOW } from '../inpage.ts';
import { keepTrace } from '../keep.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { analyze } from '../trace/analyze.ts';
import { figures } from '../trace/figures.ts';
import { attribution, brief, sleep, tracedPage, type Ctx } from './support.ts';

/** Each number's time to its mark (null: never linked), and the late page's figures. */
export interface LateResult {
  deltas: (number | null)[];
  json: Record<string, unknown>;
}

export async function runLate(c: Ctx): Promise<LateResult> {
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
