/** Control: the same pages in Chromium without the extension. */
import type { PageServer } from '../../test/e2e/support/pages.ts';
import { launchControl } from '../browser.ts';
import { IDLE_WINDOW_MS } from '../config.ts';
import { bareWalk } from '../inpage.ts';
import { keepTrace } from '../keep.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { analyze } from '../trace/analyze.ts';
import { figures } from '../trace/figures.ts';
import { cueFrameFloor } from './cue-floor.ts';
import { runSpa } from './spa.ts';
import { attribution, sleep, tracedPage, type Ctx } from './support.ts';

/** The control browser's version, and its figures (the JSON's `control`). */
export interface ControlResult {
  version: string;
  json: Record<string, unknown>;
}

/** `css`: the build's stylesheet for marks (see cue-floor.ts). */
export async function runControl(server: PageServer, css: string): Promise<ControlResult> {
  const browser = await launchControl();
  const version = browser.version();
  const context = await browser.newContext();
  const c: Ctx = { ctx: context, server, origin: 'chrome-extension://none/' };
  const out: Record<string, unknown> = {};
  for (const path of ['/table-10000', '/prose']) {
    const url = server.url(path);
    const { page, trace, close } = await tracedPage(context);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await sleep(IDLE_WINDOW_MS);
    const events = await trace.stop();
    keepTrace(`control-${path.slice(1)}`, events);
    const walk = (await page.evaluate(bareWalk(5))) as { times: number[] };
    await close();
    const a = analyze(events, attribution(c.origin, url));
    const all = figures(a);
    // The page after load: the first paint of a big page may still come after the load event, so the window where
    // nothing should happen starts a second later.
    const quiet = a.tasks.filter((t) => a.loadEvent !== null && t.start > a.loadEvent + 1_000 && !t.bench);
    out[path.slice(1)] = {
      loadEventMs: a.loadEvent === null ? null : r1(a.loadEvent),
      attributedToExtensionMs: all.scriptMs,
      tasksWithLayoutFrom1sAfterLoad: quiet.filter((t) => t.layout > 0).length,
      longestTaskFrom1sAfterLoadMs: r1(Math.max(0, ...quiet.map((t) => t.dur))),
      longestTaskDuringLoadMs: all.longestPageTaskMs,
      bareWalkMs: Math.round(median(walk.times) * 100) / 100,
    };
    log(`control ${path}: ${JSON.stringify(out[path.slice(1)])}`);
  }
  const spa = await runSpa(c, false);
  const tasks = spa.analysis.tasks.filter((t) => t.start >= spa.startAt && !t.bench);
  out.spa = {
    attributedToExtensionMs: figures(spa.analysis, spa.startAt).scriptMs,
    pageRenderMs: spa.json.pageRenderMs,
    longestTaskMs: r1(Math.max(0, ...tasks.map((t) => t.dur))),
    renderingTasksWithLayout: tasks.filter((t) => t.layout > 0).length,
    longestRenderingTaskMs: r1(Math.max(0, ...tasks.filter((t) => t.layout > 0).map((t) => t.dur))),
  };
  log(`control /spa: ${JSON.stringify(out.spa)}`);
  out.cueFrameFloor = await cueFrameFloor(context, server, css);
  await browser.close();
  return { version, json: out };
}
