/** The bare walk our scan is judged against: a TreeWalker pass over the same page, as cold as our script meets it. */
import type { CDPSession } from 'playwright-core';
import { bareWalk, COUNT_MARKS } from '../inpage.ts';
import { sleep, type Ctx } from './support.ts';

/**
 * The bare walk as our content script meets the page: the first pass in a fresh isolated world, where every node
 * still needs its JavaScript wrapper (the main-world median the scenarios take reuses wrappers from earlier passes).
 */
export async function coldWalk(cdp: CDPSession): Promise<number> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'bench-cold-walk',
  });
  const r = await cdp.send('Runtime.evaluate', {
    expression: bareWalk(1),
    contextId: executionContextId,
    returnByValue: true,
  });
  return (r.result.value as { times: number[] }).times[0]!;
}

/**
 * The bare walk as the first reader of a freshly loaded copy of the page: what our content script meets. A later walk,
 * even in a fresh isolated world, is cheaper: on the 1 MB prose page and the 10k table, in Chromium without our scan,
 * the first fresh-world walk after load took about 1.6× as long as the second (medians of six pages). The copy
 * (UNTOUCHED) carries data-ipbx-ignore on <html>, so our content script is injected but reads nothing of it.
 */
export async function firstReaderWalk(c: Ctx, path: string): Promise<number> {
  const page = await c.ctx.newPage();
  try {
    const cdp = await c.ctx.newCDPSession(page);
    await page.goto(c.server.url(`${path}${UNTOUCHED}`), { waitUntil: 'load', timeout: 180_000 });
    await sleep(1_000);
    const ms = await coldWalk(cdp);
    const marks = (await page.evaluate(COUNT_MARKS)) as number;
    if (marks !== 0)
      throw new Error(`bench: our script linked ${marks} numbers on ${path}${UNTOUCHED}, which it should leave alone`);
    return ms;
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Path suffix of a page's copy that our scanner leaves alone (see firstReaderWalk). */
export const UNTOUCHED = '-untouched';
export function untouched(html: string): string {
  const out = html.replace(/<html\b/, '<html data-ipbx-ignore');
  if (out === html) throw new Error('bench: a page without <html> tag');
  return out;
}
