/**
 * Re-reads a trace the benchmark kept (BENCH_TRACE_DIR=dir npm run -s bench) with the same attribution as the run:
 *   npx tsx bench/analyze-trace.ts <trace.json> <page URL prefix> <chrome-extension://id/> [min task ms]
 * prints the figures and every task of ours (or rendering we caused) longer than the threshold (default 30 ms).
 */
import { readFileSync } from 'node:fs';
import { analyze } from './trace/analyze.ts';
import { figures } from './trace/figures.ts';
import type { TraceEvent } from './trace/record.ts';

const [file, pageUrl, origin, min] = process.argv.slice(2);
if (!file || !pageUrl || !origin) {
  console.error(
    'usage: npx tsx bench/analyze-trace.ts <trace.json> <page URL prefix> <chrome-extension://id/> [min task ms]',
  );
  process.exit(2);
}
const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
const a = analyze(events, { extensionOrigin: origin, worldName: null, pageUrl });
console.log(`renderer ${a.pid}, our world "${a.worldName ?? '?'}", load event at ${a.loadEvent ?? '?'} ms`);
console.log(JSON.stringify(figures(a), null, 2));
const threshold = Number(min ?? 30);
for (const t of a.tasks) {
  if ((t.ours > 0 || t.induced || t.shared) && Math.max(t.ours, t.dur) >= threshold) {
    const kind = t.induced ? 'rendering caused by us' : t.shared ? 'rendering (us + page)' : 'our task';
    console.log(
      `${t.start.toFixed(1).padStart(10)} ms  ${t.dur.toFixed(1).padStart(7)} ms  ${kind}${t.ours > 0 ? ` (ours ${t.ours.toFixed(1)} ms)` : ''}${t.layout > 0 ? ` (style+layout ${t.layout.toFixed(1)} ms)` : ''}${t.browserOwn > 0 ? ` (Chrome's text capture ${t.browserOwn.toFixed(1)} ms)` : ''}`,
    );
  }
}
