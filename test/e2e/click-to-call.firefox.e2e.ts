/**
 * Click-to-call in real Firefox ESR: a number on a localhost page is linked, a real click reaches the simulator as
 * originate, and a page script's synthetic click does not. And what our content script's own world can reach: no
 * storage (Firefox lets content scripts read storage.local, where the settings keep a pasted token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { configureThroughOptionsPage, launchFirefoxExtension, type FirefoxExtension } from './support/firefox.ts';
import { servePages, type PageServer } from './support/pages.ts';
import { OPTIONS_PAGE } from '../../src/shared/manifest-names.ts';
import { CONFIRM_PAGE } from '../../src/shared/call-guard.ts';

let sim: Simulator;
let ext: FirefoxExtension;
let pages: PageServer;

beforeAll(async () => {
  sim = await startSimulator();
  const rows = Array.from(
    { length: 250 },
    (_, i) =>
      `<tr><td>Jméno ${i}</td><td id="r${i}">602 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}</td></tr>`,
  );
  pages = await servePages({
    '/crm': '<!doctype html><html lang="cs"><body><p id="plain">Volejte 777 888 999 prosím.</p></body></html>',
    // A page that allows no script and no fetch at all, with a sandboxed frame (an opaque origin) inside.
    '/locked':
      '<!doctype html><html lang="cs"><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; frame-src \'self\'"></head>' +
      '<body><p id="plain">Volejte 777 888 999.</p><iframe sandbox src="/crm"></iframe></body></html>',
    '/premium':
      '<!doctype html><html lang="cs"><body><p id="premium" style="font:32px sans-serif">Volejte 900 123 456</p></body></html>',
    // A big table: its number cells carry the mark themselves (see src/content/marks.ts).
    '/big': `<!doctype html><html lang="cs"><body><table><tbody>${rows.join('')}</tbody></table></body></html>`,
    // The same table in a hidden panel, shown later: the line waits for a box (a ResizeObserver of our world's).
    '/hidden': `<!doctype html><html lang="cs"><body><div id="panel" style="display:none"><table><tbody>${rows.join('')}</tbody></table></div></body></html>`,
  });
  // The pref lets the debugger list content scripts, so the test can look into ours.
  ext = await launchFirefoxExtension({ prefs: { 'devtools.debugger.show-content-scripts': true } });
  const options = await ext.waitForTab(OPTIONS_PAGE);
  await configureThroughOptionsPage(options, {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  await sim.waitForAuthenticated(1, 15_000);
});

afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await sim?.close();
});

describe('click-to-call in Firefox', () => {
  it('links a number; a real click reaches the simulator, a synthetic one does not', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/crm'));
    const mark = await page.waitForSelector('#plain [data-ipbx-number]', { timeout: 15_000 });
    expect(await mark!.evaluate((el) => el.getAttribute('data-ipbx-number'))).toBe('777888999');

    const before = sim.received.length;
    await page.evaluate(() => (document.querySelector('#plain [data-ipbx-number]') as HTMLElement).click());
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sim.received.slice(before).filter((f) => f.data?.action === 'originate')).toEqual([]);

    await mark!.click();
    const frame = await sim.waitForFrame(
      (f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= before,
      10_000,
    );
    expect(frame.data).toMatchObject({ action: 'originate', to: '777888999' });
  });

  it('the page side our content script imported to link the number leaves no trace in the page’s resource timing', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/crm'));
    await page.waitForSelector('#plain [data-ipbx-number]', { timeout: 15_000 });
    const foreign = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => !n.startsWith(location.origin)),
    );
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('the page side loads under a page CSP that allows nothing, and in a sandboxed frame', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/locked'));
    await page.waitForSelector('#plain [data-ipbx-number]', { timeout: 15_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    if (!frame) throw new Error('the sandboxed frame did not load');
    await frame.waitForSelector('#plain [data-ipbx-number]', { timeout: 15_000 });
    await page.close();
  });

  it('a big table: a number cell carries the mark itself and its dotted line, and a real click on it reaches the simulator', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/big'));
    const cell = await page.waitForSelector('#r7[data-ipbx-number]', { timeout: 15_000 });
    expect(
      await cell!.evaluate((td) => [
        td.getAttribute('data-ipbx-number'),
        td.getAttribute('tabindex'),
        td.childNodes.length,
        td.querySelector('ipbx-link'),
      ]),
    ).toEqual(['602100007', '0', 1, null]);
    // Near the view, the dotted line is drawn (cell-cue.ts): the sign follows the mark after a frame.
    await page.waitForFunction(
      () => getComputedStyle(document.getElementById('r7')!).backgroundImage.includes('repeating-linear-gradient'),
      { timeout: 5_000 },
    );
    const before = sim.received.length;
    await cell!.click();
    const frame = await sim.waitForFrame(
      (f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= before,
      10_000,
    );
    expect(frame.data).toMatchObject({ action: 'originate', to: '602100007' });
    await page.close();
  });

  it('a big table in a hidden panel gets its dotted line once the panel is shown', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/hidden'));
    await page.waitForSelector('#r7[data-ipbx-number]', { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.evaluate(() => document.querySelectorAll('[data-ipbx-cue]').length)).toBe(0);
    await page.evaluate(() => (document.getElementById('panel')!.style.display = 'block'));
    await page.waitForFunction(
      () => getComputedStyle(document.getElementById('r7')!).backgroundImage.includes('repeating-linear-gradient'),
      { timeout: 5_000 },
    );
    await page.close();
  });

  it('a premium-rate number asks first in a window of ours (Firefox’s notifications have no buttons); Call there places it', async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/premium'));
    const mark = await page.waitForSelector('#premium [data-ipbx-number]', { timeout: 15_000 });
    const before = sim.received.length;
    const originates = () => sim.received.slice(before).filter((f) => f.data?.action === 'originate');
    await mark!.click();
    const confirm = await ext.waitForTab(CONFIRM_PAGE, 15_000);
    await new Promise((r) => setTimeout(r, 1_000)); // Call works only a moment after the window shows (ARM_MS)
    // The full number as dialled, its type and the site that asked.
    expect(await confirm.texts('h1')).toEqual(['Call 900 123 456?']);
    expect(await confirm.texts('dd')).toEqual(['900123456', 'Premium-rate number', new URL(pages.url('/')).host]);
    expect(originates()).toEqual([]);
    await confirm.clickButton('Call');
    const frame = await sim.waitForFrame(
      (f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= before,
      10_000,
    );
    expect(frame.data).toMatchObject({ action: 'originate', to: '900123456' });
    await page.close();
  });

  it("our content script's world has no storage API, so it can never read the pasted token; it may not ask for calls either", async () => {
    const page = await ext.browser.newPage();
    await page.goto(pages.url('/crm'));
    await page.waitForSelector('#plain [data-ipbx-number]', { timeout: 15_000 });
    const world = await ext.contentScriptWorld(pages.url('/crm'));
    const reach = await world.run(async () => {
      const scope = globalThis as unknown as {
        browser?: { storage?: unknown; runtime: { sendMessage(m: unknown): Promise<unknown> } };
        chrome?: { storage?: unknown };
      };
      return {
        marks: document.querySelectorAll('[data-ipbx-number]').length,
        browserStorage: typeof scope.browser?.storage,
        chromeStorage: typeof scope.chrome?.storage,
        snapshot: await scope.browser!.runtime.sendMessage({ type: 'getSnapshot', payload: null }),
      };
    }, null);
    // The evaluation ran in our world (it sees our mark), and storage is not there.
    expect(reach).toMatchObject({ marks: 1, browserStorage: 'undefined', chromeStorage: 'undefined' });
    expect(reach.snapshot).toMatchObject({ ok: false, error: { code: 'errNotAllowed' } });
    expect(JSON.stringify(reach)).not.toContain('demo-token-alice');
    await page.close();
  });
});
