import { writeFileSync } from 'node:fs';
import { startSimulator } from '../sim/simulator.ts';
import { configure, launchExtension } from '../test/e2e/support/chromium.ts';
import { servePages } from '../test/e2e/support/pages.ts';
import { tablePage } from './pages.ts';

const sim = await startSimulator();
const pages = await servePages({ '/t': tablePage(1, Number(process.argv[2] ?? 10000)) });
const ext = await launchExtension();
const w = await ext.worker();
await configure(w, { pbxUrl: sim.wsUrl, token: 'demo-token-alice', identityType: 'login', identityValue: 'alice' });
await sim.waitForAuthenticated(1, 10000);
const page = await ext.ctx.newPage();
await page.goto('about:blank');
const cdp = await ext.ctx.newCDPSession(page);
const events: any[] = [];
cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'v8', 'blink.user_timing','disabled-by-default-devtools.timeline.frame'], recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
const t0 = Date.now();
await page.goto(pages.url('/t'));
let last = -1;
for (let k = 0; k < 400; k++) {
  const n = await page.evaluate(() => document.querySelectorAll('[data-ipbx-number]').length);
  if (n === last && n > 0) break;
  last = n;
  await new Promise((r) => setTimeout(r, 1000));
}
console.error('marks', last, Date.now() - t0, await page.evaluate(() => document.querySelectorAll('[data-ipbx-number]').length));
await cdp.send('Tracing.end');
await done;
writeFileSync('/tmp/benchx/trace.json', JSON.stringify(events));
console.error('events', events.length);
await ext.close(); await sim.close(); await pages.close();
