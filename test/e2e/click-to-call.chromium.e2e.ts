/**
 * Click-to-call in real Chromium: what gets linked (and what never does), shadow DOM, srcdoc frames, late content,
 * trusted clicks and Enter reaching the simulator as originate, page scripts that cannot, restoring the page, and big
 * tables marked in place. The context-menu path is in context-menu.chromium.e2e.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibleTexts } from './support/ax.ts';
import { pressEnterAfterRest, type ExtensionBrowser } from './support/chromium.ts';
import {
  connectedBrowser,
  nextOriginate,
  openCrm,
  originates,
  pages,
  placedAtOnce,
  sim,
  tabTo,
} from './support/click-to-call.ts';

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
    await pressEnterAfterRest(page);
    expect((await placedAtOnce(ext, before)).data?.to).toBe('602123456');

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
    expect(await big.evaluate(() => document.activeElement?.id)).toBe('r6');
    await pressEnterAfterRest(big);
    expect((await placedAtOnce(ext, before)).data?.to).toBe('602100006');

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

  it('the bubble about one call keeps clear of the number the pointer rests on: that one still dials at once', async () => {
    const big = await ext.ctx.newPage();
    await big.goto(pages.url('/big'));
    await expect.poll(() => big.locator('td[data-ipbx-number]').count(), { timeout: 10_000 }).toBe(300);
    const centreOf = async (id: string) => {
      const b = await big.locator(id).boundingBox();
      if (!b) throw new Error(`${id} has no box`);
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    let before = sim.received.length;
    const r4 = await centreOf('#r4');
    await big.mouse.click(r4.x, r4.y);
    expect((await placedAtOnce(ext, before)).data?.to).toBe('602100004');
    // The pointer comes to rest on the row below the next number; Tab and Enter call that next number.
    const r6 = await centreOf('#r6');
    await big.mouse.move(r6.x, r6.y);
    before = sim.received.length;
    await big.keyboard.press('Tab');
    expect(await big.evaluate(() => document.activeElement?.id)).toBe('r5');
    await pressEnterAfterRest(big);
    expect((await placedAtOnce(ext, before)).data?.to).toBe('602100005');
    // The bubble of that call went above it, not over the number under the pointer: the browser saw that one all the
    // while, so a click on it calls at once instead of asking.
    await big.waitForTimeout(500);
    before = sim.received.length;
    await big.mouse.click(r6.x, r6.y);
    expect((await placedAtOnce(ext, before)).data?.to).toBe('602100006');
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
