/// <reference types="chrome" />
/**
 * Issue 17 in real Chromium against the simulator: the call window that stays (from the popup, one at a time), the
 * side panel, the queue status in the panel's header, missed calls (notification, badge, seen), and, in a real X
 * display, the window a ring opens without taking the keyboard from the page the user types in, and the place the
 * window is opened again.
 */
import { execFileSync } from 'node:child_process';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { badgeText, launchExtension, notifications, signInAlice, type ExtensionBrowser } from './support/chromium.ts';
import { ensureDisplay, type Display } from './support/display.ts';
import { servePages, type PageServer } from './support/pages.ts';
import { POPUP_PAGE } from '../../src/shared/manifest-names.ts';

const MISSED = 'ipbx-missed';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function panelWindowId(worker: Worker): Promise<number | undefined> {
  return worker.evaluate(() =>
    chrome.storage.session
      .get('panelWindowId')
      .then((r) => (typeof r.panelWindowId === 'number' ? r.panelWindowId : undefined)),
  );
}

function windowsOfType(worker: Worker, type: 'popup' | 'normal') {
  return worker.evaluate(
    (type) =>
      chrome.windows.getAll({ windowTypes: [type] }).then((ws) => ws.map((w) => ({ id: w.id, focused: w.focused }))),
    type,
  );
}

/** storage.local panelWindowBounds as [left, top, width, height], or null. */
function storedBounds(worker: Worker): Promise<number[] | null> {
  return worker.evaluate(() =>
    chrome.storage.local
      .get('panelWindowBounds')
      .then(({ panelWindowBounds: b }) =>
        b && typeof b === 'object' ? ['left', 'top', 'width', 'height'].map((k) => Number(Reflect.get(b, k))) : null,
      ),
  );
}

function windowBounds(worker: Worker, id: number): Promise<number[]> {
  return worker.evaluate(
    (id) => chrome.windows.get(id).then((w) => [w.left, w.top, w.width, w.height].map(Number)),
    id,
  );
}

function badgeColor(worker: Worker): Promise<number[]> {
  return worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}));
}

async function closePanels(ext: ExtensionBrowser): Promise<void> {
  for (const p of ext.ctx.pages()) if (p.url().includes('/src/popup/')) await p.close();
}

describe('the panel in Chromium (headless)', () => {
  let sim: Simulator;
  let ext: ExtensionBrowser;
  let worker: Worker;
  let pages: PageServer;

  beforeAll(async () => {
    sim = await startSimulator();
    pages = await servePages({ '/': '<!doctype html><title>Elsewhere</title><p id="p">A page elsewhere.</p>' });
    ext = await launchExtension();
    worker = await ext.worker();
    await signInAlice(worker, sim);
  });

  afterAll(async () => {
    await ext?.close();
    await pages?.close();
    await sim?.close();
  });

  it('"Open in a window" opens the panel in a popup window that survives a click elsewhere; a second request focuses it', async () => {
    const popup = await ext.openPage(POPUP_PAGE);
    const [win] = await Promise.all([
      ext.ctx.waitForEvent('page', (p) => p.url().endsWith(`${POPUP_PAGE}?view=window`)),
      popup.getByRole('button', { name: 'Open in a window' }).click(),
    ]);
    await win.getByRole('heading', { name: 'Active calls' }).waitFor();
    const id = await panelWindowId(worker);
    expect(await windowsOfType(worker, 'popup')).toEqual([{ id, focused: true }]);
    // Only the toolbar popup offers these; the window is the panel itself.
    expect(await win.getByRole('button', { name: 'Open in a window' }).count()).toBe(0);

    const elsewhere = await ext.ctx.newPage();
    await elsewhere.goto(pages.url('/'));
    await elsewhere.bringToFront();
    await elsewhere.locator('#p').click();
    await sleep(500);
    expect(win.isClosed()).toBe(false);
    expect(await windowsOfType(worker, 'popup')).toEqual([expect.objectContaining({ id })]);

    await popup.bringToFront();
    await popup.getByRole('button', { name: 'Open in a window' }).click();
    await expect.poll(() => windowsOfType(worker, 'popup')).toEqual([{ id, focused: true }]);
    expect(ext.ctx.pages().filter((p) => p.url().includes('view=window'))).toHaveLength(1);
    await elsewhere.close();
    await win.close();
    await popup.close();
  });

  it('"Open side panel" opens the same panel in Chrome\'s side panel', async () => {
    // The toolbar icon's menu has the item too (update() refuses an id that does not exist).
    await expect(
      worker.evaluate(() => chrome.contextMenus.update('ipbx-open-side-panel', {}).then(() => 'there')),
    ).resolves.toBe('there');
    await expect(
      worker.evaluate(() => chrome.contextMenus.update('no-such-item', {}).then(() => 'there')),
    ).rejects.toThrow();
    const popup = await ext.openPage(POPUP_PAGE);
    await popup.getByRole('button', { name: 'Open side panel' }).click();
    const sidePanels = () =>
      worker.evaluate(() =>
        chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] }).then((c) => c.map((x) => x.documentUrl)),
      );
    await expect.poll(sidePanels).toEqual([expect.stringMatching(/\/src\/popup\/index\.html\?view=side$/)]);
    const windowId = await popup.evaluate(() => chrome.windows.getCurrent().then((w) => w.id));
    if (windowId === undefined) throw new Error('the popup has no window');
    await worker.evaluate((windowId) => chrome.sidePanel.close({ windowId }), windowId);
    await expect.poll(sidePanels).toEqual([]);
    await popup.close();
  });

  it('the header shows the queues and their state from the Agent events; the badge marks a pause', async () => {
    const popup = await ext.openPage(POPUP_PAGE);
    const queues = popup.getByRole('region', { name: 'Queues' });
    sim.agent('pause', { queue: 'support', reason: 'Oběd' });
    await expect.poll(() => queues.innerText()).toContain('support: paused — Oběd');
    await expect.poll(() => badgeText(worker)).toBe('‖');
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toContain('paused in support');
    // No dead buttons: the help says where pausing is done.
    expect(await queues.getByRole('button').count()).toBe(1);
    await queues.getByRole('button', { name: 'About queue status' }).click();
    expect(await queues.innerText()).toContain('on your phone or in the iPBX');
    sim.agent('unpause', { queue: 'support' });
    await expect.poll(() => queues.innerText()).toContain('support: logged in');
    await expect.poll(() => badgeText(worker)).toBe('');
    await popup.close();
  });

  it('a missed call raises its notification and the badge; several coalesce; opening the panel marks them seen', async () => {
    await closePanels(ext);
    const first = sim.ring({ from: '+420777888999', line: '444' });
    await expect.poll(() => badgeText(worker)).toBe('1');
    sim.miss(first);
    await expect.poll(async () => Object.keys(await notifications(worker))).toContain(MISSED);
    // No call is active now: the badge counts the unseen missed call, in its own colour.
    await expect.poll(() => badgeText(worker)).toBe('1');
    expect(await badgeColor(worker)).toEqual([0x6a, 0x1b, 0x9a, 255]);
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toContain('1 missed call');

    const second = sim.ring({ from: '602123456', line: '444' });
    // An active call outranks the missed ones.
    await expect.poll(() => badgeColor(worker)).toEqual([0x15, 0x65, 0xc0, 255]);
    sim.miss(second);
    await expect.poll(() => badgeText(worker)).toBe('2');
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toContain('2 missed calls');

    // A call a colleague answered is no missed call.
    const third = sim.ring({ from: '603111222', queue: 'support' });
    await expect.poll(() => badgeColor(worker)).toEqual([0x15, 0x65, 0xc0, 255]);
    sim.answerElsewhere(third, 'carol');
    await expect.poll(() => badgeColor(worker)).toEqual([0x6a, 0x1b, 0x9a, 255]);
    expect(await badgeText(worker)).toBe('2');

    const popup = await ext.openPage(POPUP_PAGE);
    await expect.poll(() => badgeText(worker)).toBe('');
    await expect.poll(async () => Object.keys(await notifications(worker))).not.toContain(MISSED);
    const recent = popup.getByRole('region', { name: 'Recent calls' });
    await recent.getByRole('radio', { name: 'Missed' }).check();
    await expect.poll(() => recent.getByRole('row').count()).toBe(2);
    expect(await recent.innerText()).not.toContain('603 111 222');
    await recent.getByRole('radio', { name: 'Incoming' }).press('ArrowRight');
    expect(await recent.getByRole('radio', { name: 'Outgoing' }).isChecked()).toBe(true);
    await popup.close();
  });
});

describe('the call window in a real X display', () => {
  let display: Display;
  let sim: Simulator;
  let ext: ExtensionBrowser;
  let worker: Worker;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    display = await ensureDisplay();
    sim = await startSimulator();
    pages = await servePages({ '/': '<!doctype html><title>Typing</title><textarea id="note"></textarea>' });
    ext = await launchExtension({ headless: false, env: display.env, realWindows: true });
    worker = await ext.worker();
    await signInAlice(worker, sim, { panelOnRinging: 'window' });
    page = await ext.ctx.newPage();
    await page.goto(pages.url('/'));
  });

  afterAll(async () => {
    await ext?.close();
    await pages?.close();
    await sim?.close();
    await display?.close();
  });

  const type = (text: string) =>
    execFileSync('xdotool', ['type', '--delay', '20', text], { env: { ...process.env, ...display.env } });

  it('panelOnRinging "window": a ring opens the call window, and the keys the user types stay in their page', async () => {
    await page.bringToFront();
    await page.locator('#note').click();
    type('abc');
    await expect.poll(() => page.locator('#note').inputValue()).toBe('abc');

    const id = sim.ring({ from: '+420777888999', line: '444' });
    const win = await ext.ctx.waitForEvent('page', (p) => p.url().includes('view=window'));
    await win.getByRole('listitem').waitFor();
    expect(await win.getByRole('listitem').innerText()).toContain('777 888 999');
    type('def');
    // Real key presses go to the focused window: the page's, not the new one.
    await expect.poll(() => page.locator('#note').inputValue()).toBe('abcdef');
    expect(await windowsOfType(worker, 'popup')).toEqual([{ id: await panelWindowId(worker), focused: false }]);
    expect(await windowsOfType(worker, 'normal')).toEqual([expect.objectContaining({ focused: true })]);

    // A second ring while it is open: the same window, still not focused.
    const second = sim.ring({ from: '602123456', line: '444' });
    await expect.poll(() => win.getByRole('listitem').count()).toBe(2);
    type('g');
    await expect.poll(() => page.locator('#note').inputValue()).toBe('abcdefg');
    expect(await windowsOfType(worker, 'popup')).toHaveLength(1);
    sim.hangup(id);
    sim.hangup(second);
  });

  it('the window opens again where the user left it', async () => {
    const id = await panelWindowId(worker);
    if (id === undefined) throw new Error('no call window');
    await worker.evaluate((id) => chrome.windows.update(id, { left: 40, top: 30, width: 520, height: 600 }), id);
    await expect.poll(async () => (await windowBounds(worker, id)).slice(2)).toEqual([520, 600]);
    const left = await windowBounds(worker, id);
    await worker.evaluate((id) => chrome.windows.remove(id), id);
    // The page wrote where it was as it closed.
    await expect.poll(() => storedBounds(worker)).toEqual(left);

    const popup = await ext.openPage(POPUP_PAGE);
    await popup.getByRole('button', { name: 'Open in a window' }).click();
    await expect.poll(() => panelWindowId(worker)).not.toBe(id);
    const reopened = await panelWindowId(worker);
    if (reopened === undefined) throw new Error('no call window');
    await expect.poll(() => windowBounds(worker, reopened)).toEqual(left);
    await popup.close();
  });
});
