/**
 * What the checks at a click cost (src/content/clicks.ts): the time from the pointer's release to the pageCall message
 * leaving, measured by the content script itself (a User Timing measure, `ipbx-click-checks`, which the page's
 * performance timeline shares with our world). Real clicks through CDP, as a user makes them: the pointer moves onto
 * the number, rests `hoverMs` (IntersectionObserver v2 gives its verdict meanwhile), presses, releases. With no rest,
 * the click also waits for that first verdict (up to 300 ms): reported apart.
 */
import type { BrowserContext } from 'playwright-core';
import { czechNumber } from './pages/numbers.ts';
import { median, nearestRank } from './stats.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ClickFigures {
  page: string;
  hoverMs: number;
  clicks: number;
  /** One per click that reached the message (all of them, unless a check refused one). */
  ms: number[];
  /**
   * Within each: the page's own pending style and layout that the first check brought forward (in a big table, the
   * focus the press moved restyles its rows; the next frame would pay it anyway), and the checks without it.
   */
  pendingRenderingMs: number[];
  ownMs: number[];
  ownMedianMs: number | null;
  ownMaxMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
  maxMs: number | null;
}

/** A page of prose with `count` numbers, each in its own paragraph: <ipbx-link> marks. */
export function clickPage(page: number, count: number): string {
  const paras = Array.from(
    { length: count },
    (_, i) => `<p>Dotaz k objednávce vyřídí kolega na čísle ${czechNumber(page, i)} v pracovní dny.</p>`,
  );
  return `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Kontakty</title>
<style>body { font: 16px/1.5 Georgia, serif; margin: 24px; } p { margin: 0 0 18px }</style></head><body>${paras.join('')}</body></html>`;
}

/** Clicks `count` marks of the page at `url` (every `stride`-th one), as a user would; the checks' time of each. */
export async function runClicks(
  ctx: BrowserContext,
  url: string,
  opts: { count: number; stride?: number; hoverMs: number; label: string; linked?: number },
): Promise<ClickFigures> {
  const stride = opts.stride ?? 1;
  const page = await ctx.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    // The whole page linked first: a scan still running would hold the click's task, and count as the checks' time.
    const needed = Math.max(opts.linked ?? 0, (opts.count - 1) * stride + 1);
    await page.waitForFunction(`document.querySelectorAll('[data-ipbx-number]').length >= ${needed}`, undefined, {
      timeout: 60_000,
      polling: 200,
    });
    await sleep(500);
    for (let i = 0; i < opts.count; i++) {
      const mark = page.locator('[data-ipbx-number]').nth(i * stride);
      await mark.scrollIntoViewIfNeeded();
      await sleep(100);
      const box = await mark.boundingBox();
      if (!box) throw new Error(`bench: mark ${i * stride} on ${url} has no box`);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      if (opts.hoverMs > 0) await sleep(opts.hoverMs);
      await page.mouse.down();
      await page.mouse.up();
      await sleep(opts.hoverMs > 0 ? 150 : 400);
    }
    await sleep(500);
    const read = (name: string) =>
      page.evaluate(
        `performance.getEntriesByName('${name}').map((e) => Math.round(e.duration * 100) / 100)`,
      ) as Promise<number[]>;
    const ms = await read('ipbx-click-checks');
    const pending = await read('ipbx-click-pending-rendering');
    const own = ms.map((x, i) => Math.round((x - (pending[i] ?? 0)) * 100) / 100);
    return {
      page: opts.label,
      hoverMs: opts.hoverMs,
      clicks: opts.count,
      ms,
      pendingRenderingMs: pending,
      ownMs: own,
      ownMedianMs: own.length ? median(own) : null,
      ownMaxMs: own.length ? Math.max(...own) : null,
      medianMs: ms.length ? median(ms) : null,
      p90Ms: nearestRank(ms, 0.9),
      maxMs: ms.length ? Math.max(...ms) : null,
    };
  } finally {
    await page.close().catch(() => undefined);
  }
}
