/**
 * Click-to-call in real Chromium: what gets linked (and what never does), shadow DOM, srcdoc frames, late content,
 * trusted clicks and Enter reaching the simulator as originate, page scripts that cannot, restoring the page, and the
 * context-menu path with a real right-click (headful, under Xvfb).
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { accessibleTexts } from './support/ax.ts';
import { configure, launchExtension, type ExtensionBrowser } from './support/chromium.ts';
import { ensureDisplay, type Display } from './support/display.ts';
import { servePages, type PageServer } from './support/pages.ts';

const CRM = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><title>CRM 777 888 999</title>
<style>body { font: 16px Georgia, serif; color: rgb(20, 60, 120); }</style></head>
<body>
<p id="plain">Volejte 777 888 999, nebo +44 20 7946 0958.</p>
<table><tr>
  <td id="cell">602 123 456</td><td id="date">25.11.2026</td><td id="order">#20261125</td><td id="price">12 990 Kč</td>
  <td id="ico">IČO: 27074358</td><td id="iban">CZ65 0800 0000 1920 0014 5399</td><td id="account">19-2000145399/0800</td>
  <td id="ts">1412256225.1941</td><td id="short">linka 445</td><td id="no">No. 777888999</td>
</tr></table>
<textarea id="ta">777 888 999</textarea>
<div id="ce" contenteditable="true">603 111 222</div>
<div id="ign" data-ipbx-ignore>604 222 333</div>
<a id="weblink" href="/contact">605 333 444</a>
<a id="tel" href="tel:+420606444555">zavolejte nám</a> <a id="tel-shown" href="tel:+420606444556">606 444 556</a>
<noscript><p>607 555 666</p></noscript>
<div id="host"></div>
<iframe id="frame" srcdoc="<p id=inner>608 666 777</p>"></iframe>
<div id="late"></div>
<p id="pick">Linka 445</p>
<p id="junk">objednávka A-17</p>
<div id="note">Poznámka: volat 739 111 222</div>
<button id="btn">Volat 739 222 333</button>
<ul role="listbox"><li id="opt" role="option">Jan Novák 739 333 444</li></ul>
<script>
  document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<p id="shadow">736 111 222</p>';
  window.originalNode = document.getElementById('plain').firstChild;
  window.originalText = window.originalNode.data;
  setTimeout(() => { document.getElementById('late').textContent = 'Nové: 731 222 333'; }, 1500);
</script>
</body></html>`;

/** A table big enough for its cells to be marked in place (IN_PLACE_ROWS in src/content/marks.ts is 200). */
const BIG_TABLE = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Kontakty</title>
<style>td { padding: 2px 8px } tr:nth-child(even) td { background: #f4f4f4 }</style></head><body><table><tbody>
${Array.from({ length: 300 }, (_, i) => `<tr><td>Jméno ${i}</td><td id="r${i}">602 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}</td><td>25.11.2026</td></tr>`).join('')}
</tbody></table></body></html>`;

/** The same rows in a scroll pane below a header, as CRMs lay out their lists. */
const PANE_TABLE = BIG_TABLE.replace(
  '<body><table>',
  '<body><header style="height:150px">CRM</header><div id="pane" style="height:300px;overflow:auto"><table>',
).replace('</table></body>', '</table></div></body>');

/** Clickjacking: an invisible number laid over a button, so that the user's click on the button lands on it. */
const TRAP = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Video</title></head><body>
<button id="play" style="position:absolute;left:20px;top:20px;width:260px;height:48px">Přehrát video</button>
<div id="bait" style="position:absolute;left:20px;top:20px;width:260px;height:48px;opacity:0;font-size:32px">733 444 555</div>
</body></html>`;

/**
 * Pages with their own MutationObserver: one reacts to our mark by adding a number (in a microtask, right after we
 * link), one undoes our marks as fast as we make them.
 */
const REACTING = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Chat</title></head><body>
<p id="a">Volejte 777 888 999</p><div id="log"></div><div id="box">Volejte 733 444 555</div><p id="calm">Fax 602 123 456</p>
<script>
  window.resets = 0;
  const a = document.getElementById('a'), log = document.getElementById('log'), box = document.getElementById('box');
  let reacted = false;
  new MutationObserver(() => {
    if (!reacted && a.querySelector('ipbx-link')) { reacted = true; log.innerHTML = '<p>Nové: 731 222 333</p>'; }
  }).observe(a, { childList: true, subtree: true });
  new MutationObserver(() => {
    if (box.querySelector('ipbx-link')) { window.resets++; box.textContent = 'Volejte 733 444 555'; }
  }).observe(box, { childList: true, subtree: true, characterData: true });
</script></body></html>`;

/** The same rows in a hidden tab panel (display: none), shown later. */
const HIDDEN_TABLE = BIG_TABLE.replace('<body><table>', '<body><div id="panel" style="display:none"><table>').replace(
  '</table></body>',
  '</table></div></body>',
);

let sim: Simulator;
let pages: PageServer;

const originates = () => sim.received.filter((f) => f.data?.action === 'originate');
/** The next originate the simulator receives after `from` (an index into sim.received). */
const nextOriginate = (from: number) =>
  sim.waitForFrame((f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= from, 10_000);

async function connectedBrowser(
  opts: { headless?: boolean; env?: Record<string, string> } = {},
): Promise<ExtensionBrowser> {
  const ext = await launchExtension(opts);
  await configure(await ext.worker(), {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
  });
  await sim.waitForAuthenticated(1, 10_000);
  return ext;
}

/** Moves the focus with Tab, as a user does, until it reaches `selector` (a script's focus() does not count). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function openCrm(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.ctx.newPage();
  await page.goto(pages.url('/crm'));
  await page.locator('#plain [data-ipbx-number]').first().waitFor({ timeout: 10_000 });
  return page;
}

beforeAll(async () => {
  sim = await startSimulator();
  pages = await servePages({
    '/crm': CRM,
    '/big': BIG_TABLE,
    '/pane': PANE_TABLE,
    '/hidden': HIDDEN_TABLE,
    '/trap': TRAP,
    '/reacting': REACTING,
  });
});

afterAll(async () => {
  await pages?.close();
  await sim?.close();
});

describe('click-to-call in Chromium', () => {
  let ext: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    ext = await connectedBrowser();
    page = await openCrm(ext);
  });
  afterAll(async () => ext?.close());

  it('links numbers as marks with the dial string, keyboard access and an accessible name', async () => {
    const plain = page.locator('#plain [data-ipbx-number]');
    await expect
      .poll(() => plain.evaluateAll((els) => els.map((e) => e.getAttribute('data-ipbx-number'))))
      .toEqual(['777888999', '00442079460958']);
    const mark = plain.first();
    expect(await mark.getAttribute('role')).toBe('link');
    expect(await mark.getAttribute('tabindex')).toBe('0');
    expect(await mark.getAttribute('aria-label')).toBe('Call +420 777 888 999');
    expect(await mark.textContent()).toBe('777 888 999');
    // The page's font and colour are kept.
    const styles = await mark.evaluate((el) => {
      const own = getComputedStyle(el);
      const parent = getComputedStyle(el.parentElement!);
      return {
        same: own.fontFamily === parent.fontFamily && own.color === parent.color && own.fontSize === parent.fontSize,
        display: own.display,
      };
    });
    expect(styles).toEqual({ same: true, display: 'inline' });
    expect(await page.locator('#cell [data-ipbx-number]').getAttribute('data-ipbx-number')).toBe('602123456');
    expect(await page.locator('#tel').getAttribute('data-ipbx-number')).toBe('606444555');
  });

  it('never links dates, IDs, prices, accounts, short lines, editable text, ignored regions, other links or controls', async () => {
    for (const id of [
      'date',
      'order',
      'price',
      'ico',
      'iban',
      'account',
      'ts',
      'short',
      'no',
      'ce',
      'ign',
      'weblink',
      'ta',
      'btn',
      'opt',
    ]) {
      expect(await page.locator(`#${id} [data-ipbx-number]`).count(), id).toBe(0);
    }
    expect(await page.locator('#weblink').getAttribute('data-ipbx-number')).toBeNull();
    expect(await page.locator('#ta').inputValue()).toBe('777 888 999');
    expect(await page.title()).toBe('CRM 777 888 999');
    expect(await page.locator('#ce').innerHTML()).toBe('603 111 222');
  });

  it('links numbers in open shadow roots, srcdoc frames and content that arrives later', async () => {
    const attr = (locator: ReturnType<Page['locator']>) => locator.getAttribute('data-ipbx-number', { timeout: 5_000 });
    expect(await attr(page.locator('#host [data-ipbx-number]'))).toBe('736111222');
    expect(await attr(page.frameLocator('#frame').locator('[data-ipbx-number]'))).toBe('608666777');
    expect(await attr(page.locator('#late [data-ipbx-number]'))).toBe('731222333');
  });

  it('a part the page takes out and puts back keeps its own text and is linked again', async () => {
    // As a tab panel or a recycled list row: the page keeps the element aside, then shows it again.
    const away = await page.evaluate(async () => {
      const host = document.getElementById('host')!;
      const parent = host.parentNode!;
      host.remove();
      await new Promise((r) => setTimeout(r, 300));
      const text = host.shadowRoot!.textContent;
      parent.append(host);
      return text;
    });
    expect(away).toBe('736 111 222');
    await expect
      .poll(() => page.locator('#host [data-ipbx-number]').getAttribute('data-ipbx-number'))
      .toBe('736111222');
    expect(await page.locator('#host').evaluate((h) => h.shadowRoot!.textContent)).toBe('736 111 222');
  });

  it('a note the page turns into an editor gets its own text back, and is linked again when editing ends', async () => {
    const note = page.locator('#note');
    await expect.poll(() => note.locator('[data-ipbx-number]').getAttribute('data-ipbx-number')).toBe('739111222');
    await note.evaluate((el) => el.setAttribute('contenteditable', 'true'));
    // What the user edits, and the CRM saves, is the page's own text: no mark of ours inside.
    await expect.poll(() => note.innerHTML()).toBe('Poznámka: volat 739 111 222');
    await note.evaluate((el) => el.removeAttribute('contenteditable'));
    await expect.poll(() => note.locator('[data-ipbx-number]').getAttribute('data-ipbx-number')).toBe('739111222');
  });

  it('a real click places the call through the iPBX and shows feedback', async () => {
    const before = sim.received.length;
    await page.locator('#plain [data-ipbx-number]').first().click();
    const frame = await nextOriginate(before);
    expect(frame.data).toMatchObject({ action: 'originate', to: '777888999' });
    await expect.poll(() => page.locator('ipbx-feedback').count()).toBe(1);
  });

  it('a mark in the page’s own shadow root is called like any other (its digits are kept in order there too)', async () => {
    const before = sim.received.length;
    const mark = page.locator('#host [data-ipbx-number]');
    expect(
      await mark.evaluate((el) => [getComputedStyle(el).unicodeBidi, getComputedStyle(el, '::before').content]),
    ).toEqual(['isolate', 'none']);
    await mark.click();
    expect((await nextOriginate(before)).data?.to).toBe('736111222');
  });

  it('dragging over a number selects all of it, to copy, and places no call; a click leaves nothing selected', async () => {
    const mark = page.locator('#plain [data-ipbx-number]').nth(1);
    const box = (await mark.boundingBox())!;
    const y = box.y + box.height / 2;
    let before = originates().length;
    // Press inside the number, drag a little, release: the user is selecting it.
    await page.mouse.move(box.x + box.width / 3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, y, { steps: 4 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.getSelection()!.toString())).toBe('+44 20 7946 0958');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(originates().length).toBe(before);

    before = sim.received.length;
    await page.mouse.click(box.x + box.width / 2, y);
    expect((await nextOriginate(before)).data?.to).toBe('00442079460958');
    expect(await page.evaluate(() => window.getSelection()!.toString())).toBe('');
  });

  it('Enter on a mark reached with Tab places the call; a tel: link is taken over, and asks when it hides its number', async () => {
    let before = sim.received.length;
    await tabTo(page, '#cell [data-ipbx-number]');
    await page.keyboard.press('Enter');
    expect((await nextOriginate(before)).data?.to).toBe('602123456');

    before = sim.received.length;
    const url = page.url();
    await page.locator('#tel-shown').click();
    expect((await nextOriginate(before)).data?.to).toBe('606444556');
    expect(page.url()).toBe(url);

    // "zavolejte nám" does not show the number the link calls: the call waits for the user's yes in our own UI.
    before = sim.received.length;
    await page.locator('#tel').click();
    await expect
      .poll(() => accessibleTexts(page))
      .toContain('Confirm the call to 606 444 555 in the iPBX Connect notification.');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sim.received.slice(before).filter((f) => f.data?.action === 'originate')).toEqual([]);
    expect(page.url()).toBe(url);
  });

  it('a page reacting to our marks: what it adds at once is linked; one that undoes them is left alone, not fought', async () => {
    const chat = await ext.ctx.newPage();
    try {
      await chat.goto(pages.url('/reacting'));
      await expect
        .poll(() => chat.locator('#log [data-ipbx-number]').getAttribute('data-ipbx-number'), { timeout: 10_000 })
        .toBe('731222333');
      expect(await chat.locator('#calm [data-ipbx-number]').getAttribute('data-ipbx-number')).toBe('602123456');
      // The page undoes our mark in #box every time: after a few rounds we stop, and the page is quiet.
      const resets = () => chat.evaluate(() => (window as unknown as { resets: number }).resets);
      await new Promise((r) => setTimeout(r, 1_500));
      const settled = await resets();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await resets()).toBe(settled);
      expect(settled).toBeLessThan(20);
    } finally {
      await chat.close();
    }
  });

  it('a number the page hides under the pointer is not called by the user’s click (clickjacking), and says why', async () => {
    const trap = await ext.ctx.newPage();
    try {
      await trap.goto(pages.url('/trap'));
      await expect.poll(() => trap.locator('#bait [data-ipbx-number]').count(), { timeout: 10_000 }).toBe(1);
      const before = originates().length;
      const box = (await trap.locator('#play').boundingBox())!;
      await trap.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect
        .poll(() => accessibleTexts(trap), { timeout: 5_000 })
        .toContain('This number is not visible on the page, so it was not called.');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(originates().length).toBe(before);
    } finally {
      await trap.close();
    }
  });

  it('no page script can place a call: synthetic clicks, dispatched events, postMessage, forged or rewritten marks', async () => {
    const before = originates().length;
    await page.evaluate(() => {
      const mark = document.querySelector('#plain [data-ipbx-number]') as HTMLElement;
      mark.click();
      mark.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      window.postMessage({ type: 'originate', payload: { to: '777888999' } }, '*');
      window.postMessage({ action: 'originate', to: '777888999' }, '*');
      (document.querySelector('#tel') as HTMLElement).click();
      // A forged mark of the page's own.
      const forged = document.createElement('ipbx-link');
      forged.id = 'forged';
      forged.setAttribute('data-ipbx-number', '900111222');
      forged.textContent = 'CALL ME';
      document.body.append(forged);
    });
    // A real click on the forged mark does nothing either.
    await page.locator('#forged').click();
    // The page rewrites a mark after it was linked: the user's click must not dial the new number.
    await page.evaluate(() =>
      document.querySelector('#cell [data-ipbx-number]')!.setAttribute('data-ipbx-number', '900123456'),
    );
    await page.locator('#cell [data-ipbx-number]').click();
    await expect.poll(() => page.locator('ipbx-feedback').count()).toBe(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(originates().length).toBe(before);
  });

  it('turning the site off restores the original text nodes; turning it on links again', async () => {
    const worker = await ext.worker();
    await worker.evaluate(() =>
      chrome.storage.local
        .get('settings')
        .then(({ settings }) =>
          chrome.storage.local.set({ settings: { ...(settings as object), disabledSites: ['127.0.0.1'] } }),
        ),
    );
    await expect.poll(() => page.locator('#plain [data-ipbx-number]').count()).toBe(0);
    const restored = await page.evaluate(() => {
      const w = window as unknown as { originalNode: Text; originalText: string };
      const p = document.getElementById('plain')!;
      return {
        same: p.firstChild === w.originalNode,
        text: w.originalNode.data === w.originalText,
        nodes: p.childNodes.length,
      };
    });
    expect(restored).toEqual({ same: true, text: true, nodes: 1 });
    expect(await page.locator('#tel').getAttribute('data-ipbx-number')).toBeNull();

    await worker.evaluate(() =>
      chrome.storage.local
        .get('settings')
        .then(({ settings }) => chrome.storage.local.set({ settings: { ...(settings as object), disabledSites: [] } })),
    );
    await expect.poll(() => page.locator('#plain [data-ipbx-number]').count()).toBe(2);
  });

  it('a big table: each number cell carries the mark itself, calls on a real click or Enter only, and is restored', async () => {
    const big = await ext.ctx.newPage();
    await big.goto(pages.url('/big'));
    const cell = (i: number) => big.locator(`#r${i}`);
    await expect.poll(() => big.locator('td[data-ipbx-number]').count(), { timeout: 10_000 }).toBe(300);
    // No element was inserted: the cell's only child is still the page's text node.
    expect(await big.locator('ipbx-link').count()).toBe(0);
    expect(
      await cell(5).evaluate((td) => td.childNodes.length === 1 && td.firstChild?.nodeType === Node.TEXT_NODE),
    ).toBe(true);
    expect(await cell(5).getAttribute('data-ipbx-number')).toBe('602100005');
    expect(await cell(5).getAttribute('tabindex')).toBe('0');
    expect(await cell(5).getAttribute('aria-label')).toBe('Call +420 602 100 005');
    // The page's own zebra background colour stays.
    expect(await cell(1).evaluate((td) => getComputedStyle(td).backgroundColor)).toBe('rgb(244, 244, 244)');
    // The dotted line is drawn on the cells near the view only; a far one gets it when the page scrolls it near.
    const line = (i: number) => cell(i).evaluate((td) => getComputedStyle(td).backgroundImage);
    await expect.poll(() => line(5)).toContain('repeating-linear-gradient');
    expect(await cell(299).getAttribute('data-ipbx-cue')).toBeNull();
    expect(await line(299)).toBe('none');
    await cell(299).scrollIntoViewIfNeeded();
    await expect.poll(() => line(299)).toContain('repeating-linear-gradient');

    let before = sim.received.length;
    await big.evaluate(() => (document.getElementById('r3') as HTMLElement).click());
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sim.received.slice(before).filter((f) => f.data?.action === 'originate')).toEqual([]);

    await cell(5).click();
    expect((await nextOriginate(before)).data?.to).toBe('602100005');
    // The click left the focus on cell 5; Tab moves on to the next number.
    before = sim.received.length;
    await big.keyboard.press('Tab');
    await big.keyboard.press('Enter');
    expect((await nextOriginate(before)).data?.to).toBe('602100006');

    const worker = await ext.worker();
    await worker.evaluate(() =>
      chrome.storage.local
        .get('settings')
        .then(({ settings }) =>
          chrome.storage.local.set({ settings: { ...(settings as object), disabledSites: ['127.0.0.1'] } }),
        ),
    );
    await expect.poll(() => big.locator('[data-ipbx-number],[data-ipbx-cue],[tabindex],[aria-label]').count()).toBe(0);
    await worker.evaluate(() =>
      chrome.storage.local
        .get('settings')
        .then(({ settings }) => chrome.storage.local.set({ settings: { ...(settings as object), disabledSites: [] } })),
    );
    await big.close();
  });
  it('a big table in a scroll pane: scrolling the pane draws the dotted line on the rows it brings into view', async () => {
    const pane = await ext.ctx.newPage();
    await pane.goto(pages.url('/pane'));
    await expect.poll(() => pane.locator('td[data-ipbx-number]').count(), { timeout: 10_000 }).toBe(300);
    const line = (i: number) => pane.locator(`#r${i}`).evaluate((td) => getComputedStyle(td).backgroundImage);
    await expect.poll(() => line(0)).toContain('repeating-linear-gradient');
    expect(await line(250)).toBe('none');
    // Scroll events of an element do not bubble: the pass must still hear them.
    await pane.locator('#pane').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => line(299)).toContain('repeating-linear-gradient');
    await pane.close();
  });

  it('a big table in a hidden panel: marked, but the dotted line waits until the panel is shown', async () => {
    const tab = await ext.ctx.newPage();
    await tab.goto(pages.url('/hidden'));
    await expect.poll(() => tab.locator('td[data-ipbx-number]').count(), { timeout: 10_000 }).toBe(300);
    // A few frames later still no line: nobody can see these rows.
    await tab.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await tab.locator('[data-ipbx-cue]').count()).toBe(0);
    await tab.locator('#panel').evaluate((el) => ((el as HTMLElement).style.display = 'block'));
    const line = (i: number) => tab.locator(`#r${i}`).evaluate((td) => getComputedStyle(td).backgroundImage);
    await expect.poll(() => line(0)).toContain('repeating-linear-gradient');
    expect(await line(299)).toBe('none');
    await tab.close();
  });
});

describe('calling selected text from the context menu (headful Chromium, real right-click)', () => {
  let display: Display;
  let ext: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    display = await ensureDisplay();
    ext = await connectedBrowser({ headless: false, env: display.env });
    page = await openCrm(ext);
    await page.bringToFront();
  });
  afterAll(async () => {
    await ext?.close();
    await display?.close();
  });

  async function callFromMenu(selector: string, text: string): Promise<void> {
    // Select the text, then right-click on the selection itself (elsewhere, Chromium offers the page's menu).
    const rect = await page.evaluate(
      ([sel, t]) => {
        const el = document.querySelector(sel)!;
        el.scrollIntoView({ block: 'center' });
        const node = el.firstChild as Text;
        const start = node.data.indexOf(t);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + t.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      },
      [selector, text] as const,
    );
    await page.mouse.click(rect.x, rect.y, { button: 'right' });
    await new Promise((r) => setTimeout(r, 800));
    // The native menu: our item sits just above "Inspect", the last item.
    execFileSync('xdotool', ['key', 'Up', 'Up', 'Return'], { env: { ...process.env, ...display.env } });
  }

  it('"Call …" on a selected internal line places the call', async () => {
    const before = sim.received.length;
    await callFromMenu('#pick', '445');
    const frame = await nextOriginate(before);
    expect(frame.data?.to).toBe('445');
    await expect.poll(() => page.locator('ipbx-feedback').count()).toBe(1);
  });

  it('a selection that is not a number gets a clear message and no call', async () => {
    const before = originates().length;
    await callFromMenu('#junk', 'objednávka');
    // The feedback is in a closed shadow root (page scripts cannot reach it); read it as a screen reader does.
    await expect
      .poll(() => accessibleTexts(page), { timeout: 5_000 })
      .toContain('“objednávka” is not a phone number that can be dialled.');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(originates().length).toBe(before);
  });
});
