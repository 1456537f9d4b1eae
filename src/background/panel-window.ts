/**
 * The call window: the panel page (`?view=window`) in a small window of its own that stays open, one at a time
 * (storage.session `panelWindowId`), where the user last left it (storage.local `panelWindowBounds`, written by the
 * page itself: popup/window-bounds.ts).
 *
 * A user's request (the popup's "Open in a window", a click on a notification) opens it focused, or focuses the one
 * open. A ring (setting `panelOnRinging: "window"`) must not take the keyboard from what the user is typing: the
 * window opens unfocused, and one already open only draws attention.
 */
import type { Browser } from 'webextension-polyfill';
import type { CallState } from './call-reducer.ts';
import { planNotifications } from './notifier.ts';
import { errorMessage } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { POPUP_PAGE } from '../shared/manifest-names.ts';
import type { Settings } from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS, type WindowBounds } from '../shared/storage/items.ts';

export const PANEL_WINDOW_PATH = `${POPUP_PAGE}?view=window`;
export const DEFAULT_SIZE = { width: 420, height: 640 } as const;
/** Smaller than this, the panel is of no use: remembered bounds are raised to it. */
export const MIN_SIZE = { width: 300, height: 240 } as const;

/** Where a new window goes: the remembered bounds (at least MIN_SIZE), or the default size where the browser likes. */
export function windowPlacement(bounds: WindowBounds | null): Partial<WindowBounds> {
  if (!bounds) return { ...DEFAULT_SIZE };
  return {
    left: bounds.left,
    top: bounds.top,
    width: Math.max(MIN_SIZE.width, bounds.width),
    height: Math.max(MIN_SIZE.height, bounds.height),
  };
}

/** Did an incoming call start ringing between the two states? */
export function ringStarted(prev: CallState, next: CallState): boolean {
  return planNotifications(prev, next, true).create.length > 0;
}

export async function openPanelWindow(
  browser: Pick<Browser, 'runtime' | 'windows'>,
  storage: ItemStorage,
  { focus }: { focus: boolean },
): Promise<void> {
  const windowId = await storage.get(ITEMS.panelWindowId);
  if (windowId !== null) {
    const reused = await browser.windows.update(windowId, focus ? { focused: true } : { drawAttention: true }).then(
      () => true,
      () => false,
    );
    if (reused) return;
  }
  const before = focus ? null : await browser.windows.getLastFocused().catch(() => null);
  const created = await browser.windows.create({
    url: browser.runtime.getURL(PANEL_WINDOW_PATH),
    type: 'popup',
    ...windowPlacement(await storage.get(ITEMS.panelWindowBounds)),
    focused: focus,
  });
  await storage.set(ITEMS.panelWindowId, created.id ?? null);
  // Firefox opens it focused all the same (ESR 153, seen in the e2e): the window the user was in gets the focus back,
  // and with it the field they were typing in.
  if (created.focused && before?.focused && before.id !== undefined && before.id !== created.id)
    await browser.windows.update(before.id, { focused: true });
}

/** One request at a time: two rings, or a ring and a click, must not open two windows. */
export class PanelWindow {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly browser: Pick<Browser, 'runtime' | 'windows'>,
    private readonly storage: ItemStorage,
    private readonly log: Logger,
  ) {}

  open(opts: { focus: boolean }): Promise<void> {
    const run = this.queue.then(() => openPanelWindow(this.browser, this.storage, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Call effects: a new incoming ring opens the window quietly when the user asked for it. */
  async onCalls(prev: CallState, next: CallState, settings: Settings): Promise<void> {
    if (settings.panelOnRinging !== 'window' || !ringStarted(prev, next)) return;
    await this.open({ focus: false }).catch((e: unknown) =>
      this.log.warn(`could not open the call window on a ring: ${errorMessage(e)}`),
    );
  }
}
