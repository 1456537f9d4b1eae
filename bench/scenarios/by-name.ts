/** One scenario by its BENCH_ONLY name (compare.ts): its figures, as the full run reports them. */
import { REPEATS, TABLE_SIZES } from '../config.ts';
import type { Locator } from '../profile.ts';
import { clickFigures } from './clicks.ts';
import { runIdle } from './idle.ts';
import { runLate } from './late.ts';
import { runProfile, runSpaProfile } from './profiles.ts';
import { runSpa } from './spa.ts';
import type { Ctx } from './support.ts';
import { runTable } from './tables.ts';

/** `i`: the page's place in BENCH_ONLY (a table's repeat); `src`: the build's source map, read when a profile runs. */
export async function runNamed(at: Ctx, name: string, i: number, src: () => Locator): Promise<Record<string, unknown>> {
  const rows = TABLE_SIZES.find((n) => name === `table-${n / 1000}k`);
  if (rows) return { name, ...(await runTable(at, rows, i % REPEATS[rows]!)) };
  if (name === 'prose') return { name, ...(await runIdle(at)) };
  if (name === 'spa') return { name, ...(await runSpa(at, true)).json };
  if (name === 'late') return { name, ...(await runLate(at)).json };
  if (name === 'clicks') return { name, clicks: await clickFigures(at) };
  if (name === 'profile')
    return {
      name,
      profiles: [await runProfile(at, src(), '/table-10000-hidden', 10_000), await runProfile(at, src(), '/prose', 0)],
    };
  if (name === 'profile-prose') return { name, ...(await runProfile(at, src(), '/prose', 0)) };
  if (name === 'profile-1k') return { name, ...(await runProfile(at, src(), '/table-1000-0', 1_000)) };
  if (name === 'profile-50k') return { name, ...(await runProfile(at, src(), '/table-50000-hidden', 50_000)) };
  if (name === 'profile-spa') return { name, ...(await runSpaProfile(at, src())) };
  throw new Error(`BENCH_ONLY: unknown page ${name}`);
}
