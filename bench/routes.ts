/** The generated pages `npm run bench` serves, by path: each scenario's, their untouched copies, the control's. */
import { clickPage } from './clicks.ts';
import { CLICKS, LATE, PROSE_BYTES, REPEATS, SPA, TABLE_SIZES } from './config.ts';
import { log } from './log.ts';
import { latePage } from './pages/late.ts';
import { prosePage } from './pages/prose.ts';
import { spaPage } from './pages/spa.ts';
import { tablePage } from './pages/table.ts';
import { UNTOUCHED, untouched } from './scenarios/bare-walk.ts';

/** Every page of the run (the 50k table without rendering only when BENCH_ONLY asks for profile-50k). */
export function benchRoutes(): Record<string, string> {
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
  return routes;
}
