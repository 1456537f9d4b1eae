/** What every scenario of `npm run bench` uses: the browser it runs in, a traced page, and the figures it reports. */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { PageServer } from '../../test/e2e/support/pages.ts';
import type { Figures } from '../trace/figures.ts';
import { Trace } from '../trace/record.ts';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The browser a scenario runs in, the server of the generated pages, and our extension's origin. */
export interface Ctx {
  ctx: BrowserContext;
  server: PageServer;
  origin: string;
}

/** A new page with a trace recording from before its first navigation. */
export async function tracedPage(
  c: BrowserContext,
): Promise<{ page: Page; cdp: CDPSession; trace: Trace; close(): Promise<void> }> {
  const page = await c.newPage();
  const cdp = await c.newCDPSession(page);
  const trace = new Trace(cdp);
  await trace.start();
  return {
    page,
    cdp,
    trace,
    close: async () => {
      await cdp.detach().catch(() => undefined);
      await page.close().catch(() => undefined);
    },
  };
}

/** Whose work is ours in the page at `url`: our world's name is learnt from the trace. */
export function attribution(
  origin: string,
  url: string,
): { extensionOrigin: string; worldName: null; pageUrl: string } {
  return { extensionOrigin: origin, worldName: null, pageUrl: url };
}

/** Drops the noisy parts of the figures for the JSON. */
export function brief(f: Figures): Record<string, unknown> {
  return {
    scriptMs: f.scriptMs,
    injectMs: f.injectMs,
    scriptTasks: f.scriptTasks,
    longestScriptTaskMs: f.longestScriptTaskMs,
    scriptCpuMs: f.scriptCpuMs,
    longestScriptTaskCpuMs: f.longestScriptTaskCpuMs,
    longestScriptTaskItsCpuMs: f.longestScriptTaskItsCpuMs,
    longestScriptTaskItsGcMs: f.longestScriptTaskItsGcMs,
    scriptTasksOver50: f.scriptTasksOver50,
    gcInScriptMs: f.gcInScriptMs,
    longestGcInScriptTaskMs: f.longestGcInScriptTaskMs,
    ephemeronInScriptMs: f.ephemeronInScriptMs,
    inducedRenderMs: f.inducedRenderMs,
    inducedRenderTasks: f.inducedRenderTasks,
    longestInducedRenderMs: f.longestInducedRenderMs,
    inducedRenderOver50: f.inducedRenderOver50,
    sharedRenderTasks: f.sharedRenderTasks,
    longestSharedRenderMs: f.longestSharedRenderMs,
    browserTextCaptureMs: f.browserTextCaptureMs,
    browserTextCaptureInOursMs: f.browserTextCaptureInOursMs,
    longestCausedByUsMs: f.longestCausedByUsMs,
    longestPageTaskMs: f.longestPageTaskMs,
    backgroundMs: f.backgroundMs,
  };
}
