/**
 * Shared setup of the click-to-call e2e tests (click-to-call.chromium.e2e.ts, context-menu.chromium.e2e.ts): the
 * simulator and the test pages for the whole file (importing this module registers those hooks), a Chromium with the
 * extension signed in as alice, and the simulator's originate frames.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator } from '../../../sim/simulator.ts';
import { launchExtension, notifications, signInAlice, type ExtensionBrowser } from './chromium.ts';
import { BIG_TABLE, CRM, HIDDEN_TABLE, PANE_TABLE, REACTING, TRAP } from './click-to-call-pages.ts';
import { servePages, type PageServer } from './pages.ts';

export let sim: Simulator;
export let pages: PageServer;

export const originates = () => sim.received.filter((f) => f.data?.action === 'originate');
/** The next originate the simulator receives after `from` (an index into sim.received). */
export const nextOriginate = (from: number) =>
  sim.waitForFrame((f) => f.data?.action === 'originate' && sim.received.indexOf(f) >= from, 10_000);

/**
 * The originate an Enter or click places at once. When none comes, the error says which of our notifications are open:
 * a call the browser could not confirm the user saw asks first (an `ipbx-confirm:` notification) instead of dialling.
 */
export async function placedAtOnce(ext: ExtensionBrowser, from: number) {
  try {
    return await nextOriginate(from);
  } catch (e) {
    const open = Object.keys(await notifications(await ext.worker()));
    throw new Error(`${e instanceof Error ? e.message : String(e)}; our notifications open: ${JSON.stringify(open)}`);
  }
}

export async function connectedBrowser(
  opts: { headless?: boolean; env?: Record<string, string> } = {},
): Promise<ExtensionBrowser> {
  const ext = await launchExtension(opts);
  await signInAlice(await ext.worker(), sim);
  return ext;
}

/** Moves the focus with Tab, as a user does, until it reaches `selector` (a script's focus() does not count). */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

export async function openCrm(ext: ExtensionBrowser): Promise<Page> {
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
