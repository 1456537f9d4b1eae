/** Where the time goes: CPU profiles (no tracing) of the 10k table with rendering off, of the prose page, of the SPA. */
import { COUNT_MARKS } from '../inpage.ts';
import { keepProfile } from '../keep.ts';
import { log } from '../log.ts';
import { phases, startProfile, stopProfile, type Locator, type PhaseBreakdown } from '../profile.ts';
import { sleep, type Ctx } from './support.ts';

/** One profiled page: our time by room (profile.ts), and how long the page took to load (and link). */
export type ProfileResult = PhaseBreakdown & { page: string; wallMs: number };

export async function runProfile(c: Ctx, source: Locator, path: string, marks: number): Promise<ProfileResult> {
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
  const p = phases(profile, source);
  log(`profile ${path}: ${JSON.stringify(p.phases)}, GC ${p.gcMs} ms`);
  return { page: path, ...p, wallMs };
}

/** The SPA's first render alone (2,000 numbers never seen): where our time goes until the page renders again. */
export async function runSpaProfile(
  c: Ctx,
  source: Locator,
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
  const p = phases(profile, source);
  log(
    `profile /spa first render: ${JSON.stringify(p.phases)}, GC ${p.gcMs} ms, linked before the next: ${linkedAtNext}`,
  );
  return { page: '/spa (first render)', ...p, linkedAtNext };
}
