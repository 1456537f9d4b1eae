/// <reference types="chrome" />
/**
 * A hostile page against the user's real click or Enter, in real Chromium (docs/security.md, "Page-originated calls"):
 * every trick of the issue "Click-to-call you can trust", each placing originate before the fix. A trick ends in one of
 * two ways: refused in the page (our bubble says why), or asked in our own UI (a confirmation notification), and never
 * in a call the user did not confirm. The pages are in support/trick-pages.ts.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { accessibleTexts } from './support/ax.ts';
import {
  launchExtension,
  notifications,
  pressEnterAfterRest,
  signInAlice,
  type ExtensionBrowser,
} from './support/chromium.ts';
import { servePages, type PageServer } from './support/pages.ts';
import { FRAME_INNER, framePage, PLAY_CENTRE, TRICK_PAGES } from './support/trick-pages.ts';

let sim: Simulator;
let pages: PageServer;
let ext: ExtensionBrowser;
let worker: Worker;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const originatesSince = (from: number) =>
  sim.received
    .slice(from)
    .filter((f) => f.data?.action === 'originate')
    .map((f) => f.data?.to);

/** How a user clicks: moves there, rests a moment on the target, presses, releases. */
async function userClick(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x - 120, y + 90);
  await page.mouse.move(x, y, { steps: 8 });
  await sleep(300);
  await page.mouse.down();
  await sleep(60);
  await page.mouse.up();
}

async function confirmations(): Promise<string[]> {
  return Object.keys(await notifications(worker)).filter((id) => id.startsWith('ipbx-confirm:'));
}

interface Shown {
  title: string;
  message: string;
  contextMessage?: string;
  buttons?: { title: string }[];
}

/**
 * What our notifications showed: getAll() answers ids only, so the worker's notifications.create is wrapped to keep
 * each one's options (the background calls it through the same object).
 */
async function recordNotifications(): Promise<void> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { shown?: Record<string, unknown> };
    if (scope.shown) return;
    scope.shown = {};
    const create = chrome.notifications.create.bind(chrome.notifications);
    Object.assign(chrome.notifications, {
      create: (id: string, options: chrome.notifications.NotificationCreateOptions) => {
        scope.shown![id] = options;
        return create(id, options);
      },
    });
  });
}

function shownAs(id: string): Promise<Shown> {
  return worker.evaluate((i) => (globalThis as unknown as { shown: Record<string, Shown> }).shown[i]!, id);
}

async function clearNotifications(): Promise<void> {
  await worker.evaluate(async () => {
    for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
  });
}

async function openTrick(path: string): Promise<Page> {
  const page = await ext.ctx.newPage();
  await page.goto(pages.url(path));
  await page.waitForFunction(() => (window as unknown as { trickReady?: boolean }).trickReady === true, undefined, {
    timeout: 10_000,
  });
  await sleep(200); // the trick's style is laid out
  return page;
}

type Outcome = 'refused' | 'asked';

/** Why a trick is refused (our bubble, read as a screen reader does) or asked (a line of the confirmation). */
const WHY = {
  hidden: 'This number is not visible on the page, so it was not called.',
  spoofed: 'This number may not be shown as it would be dialled, so it was not called.',
  focus: 'The page, not you, moved the focus to this number, so Enter did not call it. Reach it with Tab or click it.',
  feature: 'Web pages cannot dial iPBX feature codes such as “*78”; nothing was dialled.',
  effects: 'The page draws the number with effects that can hide it.',
  notVisible: 'The browser could not confirm that the number was visible when you clicked it.',
  moved: 'The number moved under the pointer just before the click.',
  linkText: 'The link on the page does not show this number.',
  direction: 'The page may show the digits in another order.',
} as const;

/** Clicks as a user would; no call may follow, and what happened instead must be `expected`, for the reason `why`. */
async function expectNoCall(page: Page, expected: Outcome, why: keyof typeof WHY, click: () => Promise<void>) {
  const before = sim.received.length;
  await click();
  await sleep(1_200);
  expect(originatesSince(before)).toEqual([]);
  if (expected === 'asked') {
    await expect.poll(confirmations).toHaveLength(1);
    const [id] = await confirmations();
    expect((await shownAs(id!)).message.split('\n')).toContain(WHY[why]);
  } else {
    await expect.poll(() => accessibleTexts(page)).toContain(WHY[why]);
    expect(await confirmations()).toEqual([]);
  }
}

/** Clicks the middle of an element of the page, as a user would. */
async function clickOn(page: Page, selector: string, dx?: number): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await userClick(page, box.x + (dx ?? box.width / 2), box.y + box.height / 2);
}

/** A fresh start for each trick: no confirmation of an earlier one left to count. */
beforeEach(() => clearNotifications());

beforeAll(async () => {
  sim = await startSimulator();
  pages = await servePages({ ...TRICK_PAGES, '/frame-inner': FRAME_INNER });
  pages.set('/frame', framePage(pages.url('').replace('127.0.0.1', 'localhost').replace(/\/$/, '')));
  ext = await launchExtension();
  worker = await ext.worker();
  await signInAlice(worker, sim);
  await recordNotifications();
});

afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await sim?.close();
});

describe('the user clicks the page’s button: a mark the page put there does not dial', () => {
  for (const [path, expected, why, what] of [
    ['/stretched', 'refused', 'hidden', 'a mark stretched over the viewport, its text pushed off-screen'],
    ['/child', 'refused', 'hidden', 'an off-screen mark with an empty full-viewport child'],
    ['/fill', 'refused', 'hidden', 'text with -webkit-text-fill-color: transparent'],
    ['/same-colour', 'refused', 'hidden', 'text the colour of its background'],
    ['/mask', 'asked', 'effects', 'a mask-image that hides the text'],
    ['/blur', 'asked', 'effects', 'filter: blur()'],
    ['/brightness', 'asked', 'effects', 'filter: brightness()'],
    ['/blend', 'asked', 'effects', 'mix-blend-mode'],
    ['/layer', 'asked', 'notVisible', 'an opaque layer on top with pointer-events: none'],
    ['/follow', 'asked', 'moved', 'a mark that follows the pointer'],
    ['/tel-fullscreen', 'refused', 'hidden', 'a transparent full-screen tel: link'],
  ] as const) {
    it(`${what}: ${expected}`, async () => {
      const page = await openTrick(path);
      try {
        await expectNoCall(page, expected, why, () => userClick(page, PLAY_CENTRE.x, PLAY_CENTRE.y));
      } finally {
        await page.close();
      }
    });
  }

  it('a shadow root the page attaches to the mark: it cannot, the mark has its own', async () => {
    const page = await openTrick('/shadow');
    try {
      const before = sim.received.length;
      await userClick(page, PLAY_CENTRE.x, PLAY_CENTRE.y);
      await sleep(1_200);
      expect(await page.evaluate(() => (window as unknown as { attachError: string | null }).attachError)).toMatch(
        /NotSupportedError|not supported/i,
      );
      expect(originatesSince(before)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a number in a cross-origin frame at opacity 0 over the button: asked (IntersectionObserver v2)', async () => {
    const page = await ext.ctx.newPage();
    try {
      await page.goto(pages.url('/frame'));
      const inner = page.frames().find((f) => f.url().includes('/frame-inner'));
      if (!inner) throw new Error('no inner frame');
      await inner.waitForFunction(() => (window as unknown as { trickReady?: boolean }).trickReady === true);
      await sleep(200);
      await expectNoCall(page, 'asked', 'notVisible', () => userClick(page, PLAY_CENTRE.x, PLAY_CENTRE.y));
    } finally {
      await page.close();
    }
  });
});

describe('keyjacking: Enter dials only a mark the user reached', () => {
  for (const path of ['/keyjack', '/keyjack-visible']) {
    it(`${path}: the page focuses a mark while the user types, the user’s Enter does not dial`, async () => {
      const page = await openTrick(path);
      try {
        await clickOn(page, '#search');
        await page.keyboard.type('abc');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-ipbx-number'))).toBe('777888999');
        await expectNoCall(page, 'refused', 'focus', () => page.keyboard.press('Enter'));
      } finally {
        await page.close();
      }
    });
  }

  it('a mark reached with Tab dials on Enter', async () => {
    const page = await openTrick('/keyjack-visible');
    try {
      const before = sim.received.length;
      await clickOn(page, '#search');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-ipbx-number'))).toBe('777888999');
      await pressEnterAfterRest(page);
      await expect.poll(() => originatesSince(before)).toEqual(['777888999']);
    } finally {
      await page.close();
    }
  });
});

describe('what the user sees is what is dialled', () => {
  for (const [path, what] of [
    ['/before', '::before showing other digits, !important'],
    ['/bidi', 'a bidi override that shows the digits reversed, !important'],
  ] as const) {
    it(`${what}: the mark’s own shadow style wins, so the user sees the digits it dials`, async () => {
      const page = await openTrick(path);
      try {
        const mark = page.locator('#t [data-ipbx-number]');
        // The page's !important rules lose to the !important rules of the mark's own shadow root (mark-element.ts).
        expect(
          await mark.evaluate((el) => {
            const s = getComputedStyle(el);
            return [s.unicodeBidi, s.direction, getComputedStyle(el, '::before').content];
          }),
        ).toEqual(['isolate', 'ltr', 'none']);
        const before = sim.received.length;
        await clickOn(page, '#t [data-ipbx-number]', 40);
        await expect.poll(() => originatesSince(before)).toEqual(['602123456']);
      } finally {
        await page.close();
      }
    });
  }

  it('the same rules on a page’s own tel: link (no shadow root of ours there): refused, or asked', async () => {
    const page = await openTrick('/bidi-link');
    try {
      await expectNoCall(page, 'asked', 'direction', () => clickOn(page, '#t'));
    } finally {
      await page.close();
    }
  });

  it('a page that registered our tag name first: our mark is not its element, and shows its own digits', async () => {
    const page = await openTrick('/element');
    try {
      expect(await page.evaluate(() => (window as unknown as { upgraded: number }).upgraded)).toBe(0);
      const mark = page.locator('#t [data-ipbx-number]');
      expect(await mark.evaluate((el) => [el.localName, el.shadowRoot])).toEqual(['span', null]);
      const before = sim.received.length;
      await clickOn(page, '#t [data-ipbx-number]');
      await expect.poll(() => originatesSince(before)).toEqual(['602123456']);
    } finally {
      await page.close();
    }
  });
});

describe('tel: links', () => {
  for (const [path, what] of [
    ['/tel-download', 'a link styled as a "Download" button'],
    ['/tel-other', 'a link whose text shows another number'],
  ] as const) {
    it(`${what}: asked`, async () => {
      const page = await openTrick(path);
      try {
        await expectNoCall(page, 'asked', 'linkText', () => clickOn(page, '#t'));
      } finally {
        await page.close();
      }
    });
  }

  it('a feature code (tel:*78): refused with a clear message, never dialled', async () => {
    const page = await openTrick('/tel-feature');
    try {
      await expectNoCall(page, 'refused', 'feature', () => clickOn(page, '#t'));
    } finally {
      await page.close();
    }
  });
});

describe('risky numbers ask first, in our own UI; every page call is announced', () => {
  /** Fires the notification event the user's press on a button fires (headless Chromium draws no notifications). */
  const pressButton = (id: string, button: number) =>
    worker.evaluate(
      ([i, b]) => {
        // chrome.Event's own dispatch: the extension's listeners run as for a real press.
        const event = chrome.notifications.onButtonClicked;
        Reflect.apply(Reflect.get(event, 'dispatch') as (...args: unknown[]) => void, event, [i, b]);
      },
      [id, button] as const,
    );

  it('a premium-rate number asks: Cancel places nothing, Call places it, once', async () => {
    const page = await openTrick('/premium');
    try {
      const before = sim.received.length;
      await clickOn(page, '#t [data-ipbx-number]');
      await expect.poll(confirmations).toHaveLength(1);
      const [first] = await confirmations();
      const shown = await shownAs(first!);
      expect(shown.title).toBe('Call 900 123 456?');
      expect(shown.message).toMatch(/^Premium-rate number · requested by 127\.0\.0\.1:\d+\n/);
      expect(shown.message.split('\n')).toContain(
        'Calls to this type of number may cost more, or reach a service instead of a person.',
      );
      expect(shown.contextMessage).toBe('Dials 900123456');
      expect(shown.buttons?.map((b) => b.title)).toEqual(['Call', 'Cancel']);
      await pressButton(first!, 1);
      await expect.poll(confirmations).toEqual([]);
      await sleep(1_000);
      expect(originatesSince(before)).toEqual([]);

      await clickOn(page, '#t [data-ipbx-number]');
      await expect.poll(confirmations).toHaveLength(1);
      const [second] = await confirmations();
      expect(second).not.toBe(first);
      await pressButton(second!, 0);
      await expect.poll(() => originatesSince(before)).toEqual(['900123456']);
      // Single use: the same confirmation again places nothing.
      await pressButton(second!, 0);
      await sleep(1_000);
      expect(originatesSince(before)).toEqual(['900123456']);
    } finally {
      await page.close();
    }
  });

  it('a plain visible number dials at once, and is announced outside the page with Cancel, which ends the call', async () => {
    const page = await openTrick('/plain');
    try {
      const before = sim.received.length;
      await clickOn(page, '#t [data-ipbx-number]');
      await expect.poll(() => originatesSince(before)).toEqual(['777888999']);
      expect(await confirmations()).toEqual([]);
      const announced = async () =>
        Object.keys(await notifications(worker)).filter((id) => id.startsWith('ipbx-announce:'));
      await expect.poll(async () => (await announced()).length).toBe(1);
      const [id] = await announced();
      const shown = await shownAs(id!);
      expect(`${shown.title} ${shown.message}`).toMatch(/^Calling 777 888 999 from 127\.0\.0\.1:\d+$/);
      expect(shown.buttons?.map((b) => b.title)).toEqual(['Cancel the call']);
      await pressButton(id!, 0);
      await expect
        .poll(() => sim.received.slice(before).some((f) => f.data?.action === 'hangupcall'), { timeout: 10_000 })
        .toBe(true);
      await expect.poll(announced).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
