/// <reference types="chrome" />
/**
 * Real Chromium (Debian's /usr/bin/chromium) with the built extension from dist/chrome, driven by playwright-core.
 * Fails loudly when the browser or the build is missing: a test that needs a browser never passes without one.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { POPUP_PAGE } from '../../../src/shared/manifest-names.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_DIST = resolve('dist/chrome');

export interface ExtensionBrowser {
  ctx: BrowserContext;
  extensionId: string;
  /** The current service worker (a new one after the worker was stopped and woke up again). */
  worker(): Promise<Worker>;
  /** Opens one of the extension's pages by its path, e.g. POPUP_PAGE. */
  openPage(path: string): Promise<Page>;
  /** Stops the service worker the way Chrome does when it idles out (CDP ServiceWorker.stopAllWorkers). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** The id Chromium gives an unpacked extension: SHA-256 of its absolute path, 32 hex digits spelt a–p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    );
  if (!existsSync(join(CHROME_DIST, 'manifest.json')))
    throw new Error(`No build at ${CHROME_DIST}: run "npm run build" first.`);
}

export async function launchExtension(
  opts: {
    lang?: string;
    headless?: boolean;
    dist?: string;
    env?: Record<string, string>;
    /** Windows keep the size the extension gives them (no emulated 1280×720 viewport). */
    realWindows?: boolean;
  } = {},
): Promise<ExtensionBrowser> {
  requireChromium();
  const dist = opts.dist ?? CHROME_DIST;
  const profile = await mkdtemp(join(tmpdir(), 'ipbx-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    locale: opts.lang ?? 'en-US',
    ...(opts.realWindows ? { viewport: null } : {}),
    ...(opts.env ? { env: { ...process.env, ...opts.env } as Record<string, string> } : {}),
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      `--lang=${opts.lang ?? 'en-US'}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const first = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(first.url()).host;

  const worker = async (): Promise<Worker> => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const live = ctx.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      const last = live.at(-1);
      if (last) {
        try {
          await last.evaluate(() => 1);
          return last;
        } catch {
          // a stopped worker's handle; wait for the new one
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('The extension service worker did not come back within 20 s');
  };

  const openPage = async (path: string): Promise<Page> => {
    const page = await ctx.newPage();
    const url = `chrome-extension://${extensionId}/${path}`;
    try {
      await page.goto(url);
    } catch (e) {
      // On first install the extension opens its options page itself; Chrome then loads that page again in a tab
      // that is already navigating to it, which interrupts our navigation to the very same URL. It still ends there.
      if (!(e instanceof Error) || !e.message.includes(`interrupted by another navigation to "${url}"`)) throw e;
      await page.waitForURL(url);
      await page.waitForLoadState('load');
    }
    return page;
  };

  const stopWorker = async (): Promise<void> => {
    const page = await openPage(`${POPUP_PAGE}?view=window`);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await page.close();
  };

  return {
    ctx,
    extensionId,
    worker,
    openPage,
    stopWorker,
    close: async () => {
      await ctx.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Writes the settings object the way the options page does (storage.local key "settings"). */
export async function configure(worker: Worker, settings: Record<string, unknown>): Promise<void> {
  await worker.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
}

/** Connects the extension to a simulator as its first demo user (alice, line 444), with `extra` settings. */
export async function signInAlice(
  worker: Worker,
  sim: { wsUrl: string; waitForAuthenticated(count: number, timeoutMs: number): Promise<unknown> },
  extra: Record<string, unknown> = {},
): Promise<void> {
  await configure(worker, {
    pbxUrl: sim.wsUrl,
    token: 'demo-token-alice',
    identityType: 'login',
    identityValue: 'alice',
    ...extra,
  });
  await sim.waitForAuthenticated(1, 10_000);
}

export function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

export function notifications(worker: Worker): Promise<Record<string, unknown>> {
  return worker.evaluate(() => chrome.notifications.getAll() as Promise<Record<string, unknown>>);
}

/**
 * Enter on the focused mark the way a user presses it: a moment after the focus got there. The browser's first
 * visibility verdict on a mark needs a frame or two after it is reached, and a call without one asks first
 * (content/clicks.ts, VERDICT_WAIT_MS): an Enter in the same instant as the Tab can reach that on a loaded machine.
 */
export async function pressEnterAfterRest(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
}
