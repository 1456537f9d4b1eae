/// <reference types="chrome" />
/**
 * `npm run screenshots:guard`: the call guard's own window, in headless Chromium against the simulator (English and
 * Czech). Writes docs/screenshots/: the confirmation of a premium-rate number a page asked for (the window Firefox
 * always shows, and Chrome where notifications are off) and the window of a call under way with "Cancel the call"
 * (what a click on the announcement opens).
 */
import { mkdir } from 'node:fs/promises';
import type { Page, Worker } from 'playwright-core';
import { startSimulator } from '../sim/simulator.ts';
import { launchExtension, signInAlice, type ExtensionBrowser } from '../test/e2e/support/chromium.ts';
import { servePages } from '../test/e2e/support/pages.ts';

const out = 'docs/screenshots';
await mkdir(out, { recursive: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const page = (number: string) =>
  `<!doctype html><html lang="cs"><title>CRM</title><p id="t" style="font:32px sans-serif;margin:40px">Volejte ${number}</p>`;

/** A user's click: the pointer comes to rest on the number first, as a hand does. */
async function clickNumber(tab: Page): Promise<void> {
  const mark = tab.locator('#t [data-ipbx-number]');
  await mark.waitFor({ timeout: 10_000 });
  const box = await mark.boundingBox();
  if (!box) throw new Error('the number has no box');
  await tab.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await sleep(400);
  await tab.mouse.down();
  await sleep(60);
  await tab.mouse.up();
}

/** The guard's window opens as a page of its own in the browser's context. */
async function guardWindow(ext: ExtensionBrowser, act: () => Promise<void>): Promise<Page> {
  const opened = ext.ctx.waitForEvent('page', { predicate: (p) => p.url().includes('src/confirm/'), timeout: 10_000 });
  await act();
  const win = await opened;
  await win.setViewportSize({ width: 440, height: 420 });
  await win.locator('button').first().waitFor();
  await sleep(1_000); // Call is armed 0.8 s after the window opens
  return win;
}

/** Notifications "turned off" for this worker: the guard asks in its window, as it does in Firefox. */
function notificationsOff(worker: Worker): Promise<void> {
  // A string, not a function: tsx would wrap a named function in a helper the worker does not have.
  return worker.evaluate(`Object.defineProperty(chrome.notifications, 'getPermissionLevel', {
    configurable: true,
    value: (callback) => callback('denied'),
  }); undefined`);
}

const pages = await servePages({ '/premium': page('900 123 456'), '/plain': page('777 888 999') });
for (const lang of ['en', 'cs'] as const) {
  const sim = await startSimulator({ modes: { answerDelayMs: 60_000 } });
  const ext = await launchExtension({ lang: lang === 'cs' ? 'cs' : 'en-US' });
  const worker = await ext.worker();
  await signInAlice(worker, sim);

  const premium = await ext.ctx.newPage();
  await premium.goto(pages.url('/premium'));
  await notificationsOff(worker);
  const confirm = await guardWindow(ext, () => clickNumber(premium));
  await confirm.screenshot({ path: `${out}/confirm-premium-${lang}.png` });
  await confirm
    .getByRole('button')
    .filter({ hasText: lang === 'cs' ? 'Zrušit' : 'Cancel' })
    .first()
    .click();

  // An ordinary number dials at once and is announced; a click on the announcement opens the window with Cancel.
  const plain = await ext.ctx.newPage();
  await plain.goto(pages.url('/plain'));
  const announced = async () =>
    Object.keys(await worker.evaluate(() => chrome.notifications.getAll())).filter((id) =>
      id.startsWith('ipbx-announce:'),
    );
  await clickNumber(plain);
  for (let i = 0; i < 50 && (await announced()).length === 0; i++) await sleep(100);
  const [id] = await announced();
  if (!id) throw new Error('no announcement');
  const cancel = await guardWindow(ext, () =>
    worker.evaluate((notificationId) => {
      // chrome.Event's own dispatch: the extension's listeners run as for a real click (headless draws none).
      const event = chrome.notifications.onClicked;
      Reflect.apply(Reflect.get(event, 'dispatch') as (...args: unknown[]) => void, event, [notificationId]);
    }, id),
  );
  await cancel.screenshot({ path: `${out}/confirm-announce-${lang}.png` });

  await ext.close();
  await sim.close();
  console.log(`guard screenshots (${lang}) written to ${out}/`);
}
await pages.close();
