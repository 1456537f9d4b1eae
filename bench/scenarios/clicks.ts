/** The click scenarios of `npm run bench`: the three runs of bench/clicks.ts the goals judge. */
import { type ClickFigures, runClicks } from '../clicks.ts';
import { CLICKS } from '../config.ts';
import { log } from '../log.ts';
import type { Ctx } from './support.ts';

/** The checks at a click (bench/clicks.ts): prose marks and 10k-table cells after a rest, and prose with no rest. */
export async function clickFigures(c: Ctx): Promise<ClickFigures[]> {
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
