/**
 * The content script in real Chromium is a small probe; the page side of click-to-call (src/content/page-side.ts) is
 * a module it imports only where a frame has something to link. Checked here: a page without numbers never compiles
 * it, a page with one gets it once, our world knows it only by this session's URL (use_dynamic_url), and a page cannot
 * find it to tell that the extension is installed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { PAGE_SIDE_FILE } from '../../src/content/page-side-file.ts';
import { launchExtension, signInAlice, type ExtensionBrowser } from './support/chromium.ts';
import { servePages, type PageServer } from './support/pages.ts';

let sim: Simulator;
let pages: PageServer;
let ext: ExtensionBrowser;

const PROSE = `<!doctype html><html lang="cs"><body>${'<p>Schůzka ve 12:30, rok 2026, 12 kusů.</p>'.repeat(200)}</body></html>`;
const NUMBER = '<!doctype html><html lang="cs"><body><p id="p">Volejte 777 888 999.</p></body></html>';
/** A page that allows no script and no fetch at all, with a sandboxed frame (an opaque origin) inside. */
const LOCKED =
  '<!doctype html><html lang="cs"><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; frame-src \'self\'"></head>' +
  '<body><p id="p">Volejte 777 888 999.</p><iframe sandbox src="/number"></iframe></body></html>';

beforeAll(async () => {
  sim = await startSimulator();
  pages = await servePages({ '/prose': PROSE, '/number': NUMBER, '/later': PROSE, '/locked': LOCKED });
  ext = await launchExtension();
  await signInAlice(await ext.worker(), sim);
});

afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await sim?.close();
});

/** Opens `path` and lists the URLs of every script the tab's renderer compiled, in any world, from then on. */
async function openWatchingScripts(path: string): Promise<{ page: Page; scripts: string[] }> {
  const page = await ext.ctx.newPage();
  const cdp = await ext.ctx.newCDPSession(page);
  const scripts: string[] = [];
  cdp.on('Debugger.scriptParsed', (e: { url: string }) => scripts.push(e.url));
  await cdp.send('Debugger.enable');
  await page.goto(pages.url(path));
  return { page, scripts };
}

const pageSideIn = (scripts: string[]) => scripts.filter((u) => u.endsWith(`/${PAGE_SIDE_FILE}`));

describe('the page side is loaded only where there is something to link', () => {
  it('a page without numbers runs the probe alone; a number it adds later loads the page side, which links it', async () => {
    const { page, scripts } = await openWatchingScripts('/later');
    await expect.poll(() => scripts.some((u) => u.endsWith('/src/content/index.iife.js'))).toBe(true);
    await page.waitForTimeout(1_000);
    expect(pageSideIn(scripts)).toEqual([]);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'late';
      p.textContent = 'Volejte 602 123 456.';
      document.body.append(p);
    });
    await page.locator('#late [data-ipbx-number]').waitFor({ timeout: 10_000 });
    expect(pageSideIn(scripts)).toHaveLength(1);
    await page.close();
  });

  it('a page with a number loads it once, at the URL of this session that our world alone is given', async () => {
    const page = await ext.ctx.newPage();
    const cdp = await ext.ctx.newCDPSession(page);
    const scripts: string[] = [];
    const worlds: { id: number; name: string }[] = [];
    cdp.on('Debugger.scriptParsed', (e: { url: string }) => scripts.push(e.url));
    cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; name: string } }) => worlds.push(e.context));
    await cdp.send('Debugger.enable');
    await cdp.send('Runtime.enable');
    await page.goto(pages.url('/number'));
    await page.locator('#p [data-ipbx-number]').waitFor({ timeout: 10_000 });
    expect(pageSideIn(scripts)).toHaveLength(1);
    const world = worlds.filter((w) => w.name === 'iPBX Connect').at(-1);
    if (!world) throw new Error('the content script world was not found');
    const r = (await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: `chrome.runtime.getURL(${JSON.stringify(PAGE_SIDE_FILE)})`,
      returnByValue: true,
    })) as { result: { value?: unknown } };
    const url = String(r.result.value);
    expect(url).toMatch(/^chrome-extension:\/\/[0-9a-f-]{36}\//);
    expect(url).not.toContain(ext.extensionId);
    await page.close();
  });

  it('loads under a page CSP that allows nothing, and in a sandboxed frame', async () => {
    const page = await ext.ctx.newPage();
    await page.goto(pages.url('/locked'));
    await page.locator('#p [data-ipbx-number]').waitFor({ timeout: 10_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    if (!frame) throw new Error('the sandboxed frame did not load');
    await frame.locator('#p [data-ipbx-number]').waitFor({ timeout: 10_000 });
    await page.close();
  });
});

describe('a page cannot find the page side', () => {
  it('not at the extension’s own URL, and not in its resource timing', async () => {
    const page = await ext.ctx.newPage();
    await page.goto(pages.url('/number'));
    await page.locator('#p [data-ipbx-number]').waitFor({ timeout: 10_000 });
    const seen = await page.evaluate(
      async ([id, file]) => {
        let fetched: string;
        try {
          fetched = `status ${(await fetch(`chrome-extension://${id}/${file}`)).status}`;
        } catch {
          fetched = 'refused';
        }
        const timing = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => !n.startsWith(location.origin));
        return { fetched, timing };
      },
      [ext.extensionId, PAGE_SIDE_FILE] as const,
    );
    expect(seen).toEqual({ fetched: 'refused', timing: [] });
    await page.close();
  });
});
